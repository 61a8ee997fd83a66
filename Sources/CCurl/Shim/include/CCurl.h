// Typed, non-variadic wrappers around libcurl's variadic option and info calls, which Swift cannot
// call directly. Everything else in libcurl (constants, CURL*, CURLM*) is used from Swift as it is.
#ifndef AIFLEET_CCURL_H
#define AIFLEET_CCURL_H

#include <curl/curl.h>

// MARK: curl_easy_setopt
CURLcode ccurl_easy_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode ccurl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);
CURLcode ccurl_easy_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode ccurl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode ccurl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);
/// Copies `length` bytes (CURL_BLOB_COPY), so the caller's buffer may go away after the call.
CURLcode ccurl_easy_setopt_blob(CURL *handle, CURLoption option, const void *data, size_t length);
CURLcode ccurl_easy_setopt_write_callback(CURL *handle, CURLoption option, curl_write_callback callback);
CURLcode ccurl_easy_setopt_xferinfo_callback(CURL *handle, curl_xferinfo_callback callback);

// MARK: curl_easy_getinfo
CURLcode ccurl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode ccurl_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value);
CURLcode ccurl_easy_getinfo_double(CURL *handle, CURLINFO info, double *value);
CURLcode ccurl_easy_getinfo_string(CURL *handle, CURLINFO info, char **value);
CURLcode ccurl_easy_getinfo_pointer(CURL *handle, CURLINFO info, void **value);

// MARK: curl_multi_setopt
CURLMcode ccurl_multi_setopt_long(CURLM *handle, CURLMoption option, long value);
CURLMcode ccurl_multi_setopt_pointer(CURLM *handle, CURLMoption option, void *value);
CURLMcode ccurl_multi_setopt_socket_callback(CURLM *handle, curl_socket_callback callback);
CURLMcode ccurl_multi_setopt_timer_callback(CURLM *handle, curl_multi_timer_callback callback);

// MARK: Loop support
// Swift's Glibc module includes neither <sys/eventfd.h> nor <sys/epoll.h>, and epoll_event is a
// packed struct; these wrappers speak libcurl's socket vocabulary instead.

/// A close-on-exec, non-blocking eventfd that wakes the transport's loop; -1 with errno on failure.
int ccurl_eventfd(void);

/// A close-on-exec epoll instance; -1 with errno on failure.
int ccurl_epoll_create(void);

/// Adds `fd` to the epoll set (`added` 1) or changes its events (`added` 0), for libcurl's
/// CURL_POLL_IN / CURL_POLL_OUT / CURL_POLL_INOUT in `what`. Returns epoll_ctl's result.
int ccurl_epoll_watch(int epoll, int fd, int what, int added);

/// Removes `fd` from the epoll set. Returns epoll_ctl's result.
int ccurl_epoll_unwatch(int epoll, int fd);

/// A descriptor that is ready, with CURL_CSELECT_IN / CURL_CSELECT_OUT / CURL_CSELECT_ERR bits.
typedef struct {
    int fd;
    int action;
} ccurl_ready_socket;

/// Waits up to `timeout_ms` (-1: forever) for ready descriptors; returns how many were stored in
/// `ready` (0 on timeout or EINTR), or -1 with errno on failure.
int ccurl_epoll_wait(int epoll, ccurl_ready_socket *ready, int capacity, int timeout_ms);

#endif
