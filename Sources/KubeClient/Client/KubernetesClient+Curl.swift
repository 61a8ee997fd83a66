extension KubernetesClient {
    /// A client on a new `CurlTransport` made for the configuration's TLS settings and user agent;
    /// the transport stops when the client is released.
    ///
    /// Errors: `TransportError` when libcurl cannot be set up.
    public convenience init(configuration: ClientConfiguration, observer: (any RequestObserver)? = nil) throws(TransportError) {
        let transport = try CurlTransport(
            configuration: CurlTransport.Configuration(userAgent: configuration.userAgent, tls: configuration.tls))
        self.init(configuration: configuration, transport: transport, observer: observer)
    }
}
