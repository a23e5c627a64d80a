// The system libcurl for SCIMService's HTTP transport, loaded with dlopen the first time a run
// talks to a service: runs that only read and write files never load it (nor the TLS, LDAP and
// SSH libraries it depends on), and building needs no curl headers.
//
// The declarations below are the part of libcurl's ABI the transport uses, with the values of
// curl/curl.h (stable across libcurl 7 and 8; checked against 7.88.1). curl_easy_setopt and
// curl_easy_getinfo are C variadic functions, which Swift cannot call: the inline functions
// give each use a fixed signature and make the variadic call here.
#ifndef SCIMSTREAM_CCURL_SHIM_H
#define SCIMSTREAM_CCURL_SHIM_H
#include <dlfcn.h>
#include <stddef.h>

typedef struct scim_curl_slist scim_curl_slist;
typedef size_t (*scim_curl_data_callback)(char *data, size_t size, size_t count, void *context);

static const int SCIM_CURLE_OK = 0;
static const int SCIM_CURLE_UNSUPPORTED_PROTOCOL = 1;
static const int SCIM_CURLE_URL_MALFORMAT = 3;
static const int SCIM_CURLE_COULDNT_RESOLVE_PROXY = 5;
static const int SCIM_CURLE_COULDNT_RESOLVE_HOST = 6;
static const int SCIM_CURLE_COULDNT_CONNECT = 7;

static const int SCIM_CURL_GLOBAL_DEFAULT = 3;
static const int SCIM_CURLINFO_RESPONSE_CODE = 0x200000 + 2;
static const int SCIM_CURLOPT_WRITEDATA = 10001;
static const int SCIM_CURLOPT_URL = 10002;
static const int SCIM_CURLOPT_POSTFIELDS = 10015;
static const int SCIM_CURLOPT_LOW_SPEED_LIMIT = 19;
static const int SCIM_CURLOPT_LOW_SPEED_TIME = 20;
static const int SCIM_CURLOPT_HTTPHEADER = 10023;
static const int SCIM_CURLOPT_HEADERDATA = 10029;
static const int SCIM_CURLOPT_CUSTOMREQUEST = 10036;
static const int SCIM_CURLOPT_FRESH_CONNECT = 74;
static const int SCIM_CURLOPT_FORBID_REUSE = 75;
static const int SCIM_CURLOPT_NOSIGNAL = 99;
static const int SCIM_CURLOPT_ACCEPT_ENCODING = 10102;
static const int SCIM_CURLOPT_CONNECTTIMEOUT_MS = 156;
static const int SCIM_CURLOPT_WRITEFUNCTION = 20011;
static const int SCIM_CURLOPT_HEADERFUNCTION = 20079;
static const int SCIM_CURLOPT_POSTFIELDSIZE_LARGE = 30120;

/// The libcurl functions the transport calls.
typedef struct {
    int (*global_init)(long flags);
    void *(*easy_init)(void);
    void (*easy_reset)(void *handle);
    void (*easy_cleanup)(void *handle);
    int (*easy_perform)(void *handle);
    int (*easy_setopt)(void *handle, int option, ...);
    int (*easy_getinfo)(void *handle, int info, ...);
    const char *(*easy_strerror)(int code);
    scim_curl_slist *(*slist_append)(scim_curl_slist *list, const char *text);
    void (*slist_free_all)(scim_curl_slist *list);
} scim_curl_api;

/// Loads libcurl and fills `api`; returns 0 when no libcurl could be loaded.
static inline int scim_curl_load(scim_curl_api *api) {
    const char *names[] = {"libcurl.so.4", "libcurl.so", "libcurl.4.dylib", "libcurl.dylib", NULL};
    void *library = NULL;
    for (int i = 0; names[i] != NULL && library == NULL; i++) library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) return 0;
    api->global_init = (int (*)(long))dlsym(library, "curl_global_init");
    api->easy_init = (void *(*)(void))dlsym(library, "curl_easy_init");
    api->easy_reset = (void (*)(void *))dlsym(library, "curl_easy_reset");
    api->easy_cleanup = (void (*)(void *))dlsym(library, "curl_easy_cleanup");
    api->easy_perform = (int (*)(void *))dlsym(library, "curl_easy_perform");
    api->easy_setopt = (int (*)(void *, int, ...))dlsym(library, "curl_easy_setopt");
    api->easy_getinfo = (int (*)(void *, int, ...))dlsym(library, "curl_easy_getinfo");
    api->easy_strerror = (const char *(*)(int))dlsym(library, "curl_easy_strerror");
    api->slist_append = (scim_curl_slist * (*)(scim_curl_slist *, const char *)) dlsym(library, "curl_slist_append");
    api->slist_free_all = (void (*)(scim_curl_slist *))dlsym(library, "curl_slist_free_all");
    return api->global_init && api->easy_init && api->easy_reset && api->easy_cleanup && api->easy_perform
        && api->easy_setopt && api->easy_getinfo && api->easy_strerror && api->slist_append && api->slist_free_all;
}

static inline int scim_curl_setopt_long(const scim_curl_api *api, void *handle, int option, long value) {
    return api->easy_setopt(handle, option, value);
}

static inline int scim_curl_setopt_pointer(const scim_curl_api *api, void *handle, int option, const void *value) {
    return api->easy_setopt(handle, option, value);
}

static inline int scim_curl_setopt_size(const scim_curl_api *api, void *handle, int option, long long value) {
    return api->easy_setopt(handle, option, value);
}

static inline int scim_curl_setopt_callback(const scim_curl_api *api, void *handle, int option, scim_curl_data_callback value) {
    return api->easy_setopt(handle, option, value);
}

static inline long scim_curl_response_code(const scim_curl_api *api, void *handle) {
    long code = 0;
    api->easy_getinfo(handle, SCIM_CURLINFO_RESPONSE_CODE, &code);
    return code;
}

#endif
