/*
 * echo: the floor for a Unix-socket round trip. Listens on PATH and answers every NUL-terminated message with
 * REPLY_SIZE bytes (REPLY_SIZE - 1 times 'x', then a NUL), from a plain blocking read/write loop in one thread:
 * one wakeup per message, no framework, no parsing beyond finding the NUL.
 *
 *     echo PATH REPLY_SIZE
 *
 * Serves one connection after another until killed. Built by `make bench` (cc -O2); used by pace-bench and by
 * Benchmarks/RoundTrip/roundtrip.py as the same floor.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int write_all(int fd, const char *bytes, size_t length) {
    while (length > 0) {
        ssize_t written = write(fd, bytes, length);
        if (written < 0 && errno == EINTR) {
            continue;
        }
        if (written <= 0) {
            return -1;
        }
        bytes += written;
        length -= (size_t)written;
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: echo PATH REPLY_SIZE\n");
        return 64;
    }
    size_t reply_size = (size_t)strtoul(argv[2], NULL, 10);
    if (reply_size < 1) {
        reply_size = 1;
    }
    char *reply = malloc(reply_size);
    memset(reply, 'x', reply_size - 1);
    reply[reply_size - 1] = 0;

    struct sockaddr_un address = {.sun_family = AF_UNIX};
    if (strlen(argv[1]) >= sizeof address.sun_path) {
        fprintf(stderr, "echo: path too long\n");
        return 64;
    }
    strcpy(address.sun_path, argv[1]);
    unlink(argv[1]);
    int listener = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listener < 0 || bind(listener, (struct sockaddr *)&address, sizeof address) != 0 || listen(listener, 64) != 0) {
        perror("echo");
        return 70;
    }
    static char buffer[64 * 1024];
    for (;;) {
        int client = accept(listener, NULL, NULL);
        if (client < 0) {
            continue;
        }
        for (;;) {
            ssize_t count = read(client, buffer, sizeof buffer);
            if (count < 0 && errno == EINTR) {
                continue;
            }
            if (count <= 0) {
                break;
            }
            int failed = 0;
            for (ssize_t i = 0; i < count && !failed; i++) {
                if (buffer[i] == 0) {
                    failed = write_all(client, reply, reply_size) != 0;
                }
            }
            if (failed) {
                break;
            }
        }
        close(client);
    }
}
