// The system libcurl for SCIMService's HTTP transport. curl_easy_setopt and curl_easy_getinfo
// are C variadic functions, which Swift cannot call: these inline functions give each use a
// fixed signature.
#ifndef SCIMSTREAM_CCURL_SHIM_H
#define SCIMSTREAM_CCURL_SHIM_H
#include <curl/curl.h>

typedef size_t (*scim_curl_data_callback)(char *data, size_t size, size_t count, void *context);

static inline CURLcode scim_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode scim_curl_setopt_pointer(CURL *handle, CURLoption option, const void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode scim_curl_setopt_size(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode scim_curl_setopt_callback(CURL *handle, CURLoption option, scim_curl_data_callback value) {
    return curl_easy_setopt(handle, option, value);
}

static inline long scim_curl_response_code(CURL *handle) {
    long code = 0;
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &code);
    return code;
}

#endif
