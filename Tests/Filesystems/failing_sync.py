#!/usr/bin/python3
"""A file system whose fsync fails: a FUSE pass-through (Debian's python3-fusepy, libfuse2) of a directory, whose
fsync and fdatasync fail with EIO while a marker file exists, as a disk that cannot write does. Everything else is
passed through. For the tests of what Pace does when a sync fails after the write went through.

usage: failing_sync.py BACKING MOUNTPOINT MARKER
Prints "ready" once mounted; unmounts on SIGTERM.
"""
import errno
import os
import sys

from fusepy import FUSE, FuseOSError, Operations


class FailingSync(Operations):
    def __init__(self, backing, marker):
        self.backing = backing
        self.marker = marker

    def _path(self, path):
        return self.backing + path

    def init(self, path):
        print("ready", flush=True)

    def getattr(self, path, fh=None):
        status = os.lstat(self._path(path))
        return {key: getattr(status, key) for key in (
            "st_atime", "st_ctime", "st_gid", "st_mode", "st_mtime", "st_nlink", "st_size", "st_uid")}

    def readdir(self, path, fh):
        return [".", ".."] + os.listdir(self._path(path))

    def mkdir(self, path, mode):
        os.mkdir(self._path(path), mode)

    def rmdir(self, path):
        os.rmdir(self._path(path))

    def chmod(self, path, mode):
        os.chmod(self._path(path), mode)

    def create(self, path, mode, fi=None):
        return os.open(self._path(path), os.O_RDWR | os.O_CREAT, mode)

    def open(self, path, flags):
        return os.open(self._path(path), flags)

    def read(self, path, size, offset, fh):
        return os.pread(fh, size, offset)

    def write(self, path, data, offset, fh):
        return os.pwrite(fh, data, offset)

    def truncate(self, path, length, fh=None):
        if fh is None:
            os.truncate(self._path(path), length)
        else:
            os.ftruncate(fh, length)

    def flush(self, path, fh):
        return 0

    def release(self, path, fh):
        os.close(fh)

    def fsync(self, path, datasync, fh):
        if os.path.exists(self.marker):
            raise FuseOSError(errno.EIO)
        os.fsync(fh)

    def fsyncdir(self, path, datasync, fh):
        if os.path.exists(self.marker):
            raise FuseOSError(errno.EIO)
        return 0

    def unlink(self, path):
        os.unlink(self._path(path))

    def rename(self, old, new):
        os.rename(self._path(old), self._path(new))


if __name__ == "__main__":
    backing, mountpoint, marker = sys.argv[1:4]
    FUSE(FailingSync(os.path.realpath(backing), marker), mountpoint, foreground=True, nothreads=True)
