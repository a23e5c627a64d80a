// The system libcurl for SCIMService's HTTP transport, loaded with dlopen the first time a run
// talks to a service: runs that only read and write files never load it (nor the TLS, LDAP and
// SSH libraries it depends on), and start as fast as without it.
//
// curl_easy_setopt and curl_easy_getinfo are C variadic functions, which Swift cannot call:
// the inline functions below give each use a fixed signature and make the variadic call here.
#ifndef SCIMSTREAM_CCURL_SHIM_H
#define SCIMSTREAM_CCURL_SHIM_H
#include <curl/curl.h>
#include <dlfcn.h>
#include <stddef.h>

typedef size_t (*scim_curl_data_callback)(char *data, size_t size, size_t count, void *context);

/// The libcurl functions the transport calls.
typedef struct {
    CURLcode (*global_init)(long flags);
    CURL *(*easy_init)(void);
    void (*easy_reset)(CURL *handle);
    void (*easy_cleanup)(CURL *handle);
    CURLcode (*easy_perform)(CURL *handle);
    CURLcode (*easy_setopt)(CURL *handle, CURLoption option, ...);
    CURLcode (*easy_getinfo)(CURL *handle, CURLINFO info, ...);
    const char *(*easy_strerror)(CURLcode code);
    struct curl_slist *(*slist_append)(struct curl_slist *list, const char *text);
    void (*slist_free_all)(struct curl_slist *list);
} scim_curl_api;

/// Loads libcurl and fills `api`; returns 0 when no libcurl could be loaded.
static inline int scim_curl_load(scim_curl_api *api) {
    const char *names[] = {"libcurl.so.4", "libcurl.so", "libcurl.4.dylib", "libcurl.dylib", NULL};
    void *library = NULL;
    for (int i = 0; names[i] != NULL && library == NULL; i++) library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) return 0;
    api->global_init = (CURLcode (*)(long))dlsym(library, "curl_global_init");
    api->easy_init = (CURL * (*)(void)) dlsym(library, "curl_easy_init");
    api->easy_reset = (void (*)(CURL *))dlsym(library, "curl_easy_reset");
    api->easy_cleanup = (void (*)(CURL *))dlsym(library, "curl_easy_cleanup");
    api->easy_perform = (CURLcode (*)(CURL *))dlsym(library, "curl_easy_perform");
    api->easy_setopt = (CURLcode (*)(CURL *, CURLoption, ...))dlsym(library, "curl_easy_setopt");
    api->easy_getinfo = (CURLcode (*)(CURL *, CURLINFO, ...))dlsym(library, "curl_easy_getinfo");
    api->easy_strerror = (const char *(*)(CURLcode))dlsym(library, "curl_easy_strerror");
    api->slist_append = (struct curl_slist * (*)(struct curl_slist *, const char *)) dlsym(library, "curl_slist_append");
    api->slist_free_all = (void (*)(struct curl_slist *))dlsym(library, "curl_slist_free_all");
    return api->global_init && api->easy_init && api->easy_reset && api->easy_cleanup && api->easy_perform
        && api->easy_setopt && api->easy_getinfo && api->easy_strerror && api->slist_append && api->slist_free_all;
}

static inline CURLcode scim_curl_setopt_long(const scim_curl_api *api, CURL *handle, CURLoption option, long value) {
    return api->easy_setopt(handle, option, value);
}

static inline CURLcode scim_curl_setopt_pointer(const scim_curl_api *api, CURL *handle, CURLoption option, const void *value) {
    return api->easy_setopt(handle, option, value);
}

static inline CURLcode scim_curl_setopt_size(const scim_curl_api *api, CURL *handle, CURLoption option, curl_off_t value) {
    return api->easy_setopt(handle, option, value);
}

static inline CURLcode scim_curl_setopt_callback(
    const scim_curl_api *api, CURL *handle, CURLoption option, scim_curl_data_callback value) {
    return api->easy_setopt(handle, option, value);
}

static inline long scim_curl_response_code(const scim_curl_api *api, CURL *handle) {
    long code = 0;
    api->easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &code);
    return code;
}

#endif
