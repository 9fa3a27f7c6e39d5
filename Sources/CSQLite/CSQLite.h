// The only C header Pace includes from libsqlite3: `pace import` reads Gadgetbridge's database export with it
// (Sources/pace/Input/GadgetbridgeFile.swift), read-only.
#ifndef PACE_CSQLITE_H
#define PACE_CSQLITE_H

#include <sqlite3.h>

#endif
