import CCurl

extension TransportError {
    /// Maps a libcurl result to the transport's error cases, keeping libcurl's own message (its
    /// error buffer, or the code's description when the buffer is empty).
    init(curlCode code: CURLcode, message: String, url: String) {
        let message = message.isEmpty ? String(cString: curl_easy_strerror(code)) : message
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            self = .timedOut(url: url, message: message)
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            self = .connectFailed(url: url, message: message)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
            CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR,
            CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT,
            CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED:
            self = .tls(url: url, message: message)
        case CURLE_RECV_ERROR where Self.isTLSAlert(message), CURLE_SEND_ERROR where Self.isTLSAlert(message):
            // With TLS 1.3 the server checks the client certificate after the client considers the
            // handshake done, so a refused or missing certificate surfaces as a failed read that
            // carries OpenSSL's alert ("tlsv13 alert certificate required").
            self = .tls(url: url, message: message)
        default:
            self = .failed(url: url, message: message)
        }
    }

    private static func isTLSAlert(_ message: String) -> Bool {
        message.contains("SSL routines") || message.contains(" alert ")
    }
}
