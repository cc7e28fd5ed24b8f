/*
 * codes.h - internal ids of the findings catalogue (codes.def).
 */
#ifndef COMSCAN_CORE_CODES_H
#define COMSCAN_CORE_CODES_H

#include "comscan/comscan.h"

typedef enum cs_code {
#define CS_CODE(id, code, cls, sev, hr, meaning, remedy) CS_##id,
#define CS_CODE_COMPAT(id, code, cls, sev, compat, hr, meaning, remedy) CS_##id,
#include "core/codes.def"
#undef CS_CODE
#undef CS_CODE_COMPAT
	CS_CODE_COUNT
} cs_code;

/* The catalogue entry of an internal code id. */
const comscan_code_info *cs_code_info(cs_code id);

#endif /* COMSCAN_CORE_CODES_H */
