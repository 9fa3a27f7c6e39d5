// What `pace` needs to be linked as a static position-independent executable (release builds; see Package.swift):
// stand-ins for the C library's name-service lookups, so that the static binary never loads a name-service module
// (NSS) of another glibc at run time. Nothing here is called by Pace's own code; the linker routes the lookups here
// (`--wrap`). Every function is prefixed as the linker's `--wrap` requires.
#ifndef PACE_CPACESTANDALONE_H
#define PACE_CPACESTANDALONE_H
#endif
