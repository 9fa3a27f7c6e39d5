// Stand-ins for the C library's password, group and dlopen lookups in the static `pace` binary.
//
// A statically linked glibc program that asks the password or group database follows /etc/nsswitch.conf and may
// dlopen modules (libnss_systemd, libnss_sss, …) from the system's glibc, which need not be the glibc it was
// linked with: the reason glibc warns against it. `pace` never needs those databases (its paths come from the
// environment and the user id), but the libraries it links (FoundationEssentials' home-directory and file-owner
// helpers, the Swift runtime's optional prespecialization library) reference them. Linked with
// `--wrap=getpwnam_r` and the rest, every such lookup lands here and finds nothing, so no module is ever loaded:
// a caller that asked falls back as it would for a user without an entry.
#define _GNU_SOURCE
#include "CPaceStandalone.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stddef.h>

int __wrap_getpwnam_r(const char *name, struct passwd *entry, char *buffer, size_t size, struct passwd **result) {
    (void)name, (void)entry, (void)buffer, (void)size;
    *result = NULL;
    return 0;
}

int __wrap_getpwuid_r(uid_t uid, struct passwd *entry, char *buffer, size_t size, struct passwd **result) {
    (void)uid, (void)entry, (void)buffer, (void)size;
    *result = NULL;
    return 0;
}

struct passwd *__wrap_getpwuid(uid_t uid) {
    (void)uid;
    return NULL;
}

struct passwd *__wrap_getpwnam(const char *name) {
    (void)name;
    return NULL;
}

int __wrap_getgrgid_r(gid_t gid, struct group *entry, char *buffer, size_t size, struct group **result) {
    (void)gid, (void)entry, (void)buffer, (void)size;
    *result = NULL;
    return 0;
}

int __wrap_getgrnam_r(const char *name, struct group *entry, char *buffer, size_t size, struct group **result) {
    (void)name, (void)entry, (void)buffer, (void)size;
    *result = NULL;
    return 0;
}

void *__wrap_dlopen(const char *file, int mode) {
    (void)file, (void)mode;
    return NULL;
}
