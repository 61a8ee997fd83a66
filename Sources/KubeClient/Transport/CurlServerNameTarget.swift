import CCurl

/// How a request reaches a server whose certificate names another host (kubeconfig
/// `tls-server-name`): the URL is rewritten to that name, so libcurl sends it as SNI and checks the
/// certificate against it, and a CONNECT_TO entry sends connections for it to the original address.
struct CurlServerNameTarget {
    /// The URL with its host replaced by the server name.
    let url: String
    /// `serverName:port:originalHost:port`, for CURLOPT_CONNECT_TO.
    let connectTo: String

    init(url original: String, serverName: String) throws(TransportError) {
        guard let handle = curl_url() else {
            throw .failed(url: original, message: "curl_url failed")
        }
        defer { curl_url_cleanup(handle) }
        func fail(_ code: CURLUcode) -> TransportError {
            .failed(url: original, message: "invalid URL: \(String(cString: curl_url_strerror(code)))")
        }
        func part(_ which: CURLUPart, flags: UInt32) throws(TransportError) -> String {
            var value: UnsafeMutablePointer<CChar>?
            let code = curl_url_get(handle, which, &value, flags)
            guard code == CURLUE_OK, let value else { throw fail(code) }
            defer { curl_free(value) }
            return String(cString: value)
        }
        var code = curl_url_set(handle, CURLUPART_URL, original, 0)
        guard code == CURLUE_OK else { throw fail(code) }
        let host = try part(CURLUPART_HOST, flags: 0)
        let port = try part(CURLUPART_PORT, flags: UInt32(CURLU_DEFAULT_PORT))
        code = curl_url_set(handle, CURLUPART_HOST, serverName, 0)
        guard code == CURLUE_OK else { throw fail(code) }
        url = try part(CURLUPART_URL, flags: 0)
        connectTo = "\(serverName):\(port):\(host):\(port)"
    }
}
