/*
 * echo: the floor for a Unix-socket round trip. Listens on PATH and answers every NUL-terminated message with
 * REPLY_SIZE bytes (REPLY_SIZE - 1 times 'x', then a NUL), from a plain blocking read/write loop in one thread:
 * one wakeup per message, no framework, no parsing beyond finding the NUL.
 *
 *     echo PATH REPLY_SIZE [FILE RECORD_BYTES]
 *
 * With FILE, each message is also made durable before its answer: RECORD_BYTES bytes written with pwrite at the end
 * of FILE, then fdatasync, as an acknowledged write is: the floor for a server that answers a write once it is on
 * disk (pace-bench's acknowledged-write row).
 *
 * Serves one connection after another until killed. Built by `make bench` (cc -O2); used by pace-bench and by
 * Benchmarks/RoundTrip/roundtrip.py as the same floor.
 */
#include <errno.h>
#include <fcntl.h>
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
    if (argc != 3 && argc != 5) {
        fprintf(stderr, "usage: echo PATH REPLY_SIZE [FILE RECORD_BYTES]\n");
        return 64;
    }
    int durable = -1;
    size_t record_size = 0;
    char *record = NULL;
    off_t offset = 0;
    if (argc == 5) {
        durable = open(argv[3], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        record_size = (size_t)strtoul(argv[4], NULL, 10);
        record = malloc(record_size > 0 ? record_size : 1);
        if (durable < 0 || record == NULL) {
            perror("echo");
            return 70;
        }
        memset(record, 'A', record_size);
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
                    if (durable >= 0) {
                        if (pwrite(durable, record, record_size, offset) != (ssize_t)record_size || fdatasync(durable) != 0) {
                            perror("echo");
                            return 74;
                        }
                        offset += (off_t)record_size;
                    }
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
