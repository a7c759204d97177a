/* fuzz.h - shared by the fuzz targets and their corpus replay. */
#ifndef WRUN_FUZZ_H
#define WRUN_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model.h"
#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
