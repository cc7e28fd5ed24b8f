/*
 * codes.c - the findings catalogue and the stable names of enums.
 */
#include "core/codes.h"

#include <string.h>

/* HRESULTs named in codes.def (values from public Windows SDK and CoreCLR
 * headers: winerror.h, corerror.h). */
#define HR_NONE 0u
#define HR_CLDB_E_FILE_CORRUPT 0x8013110Eu
#define HR_CLDB_E_FILE_OLDVER 0x80131107u
#define HR_CLDB_E_INDEX_NOTFOUND 0x80131124u
#define HR_COR_E_BADIMAGEFORMAT 0x8007000Bu
#define HR_ERROR_BAD_EXE_FORMAT 0x800700C1u
#define HR_REGDB_E_CLASSNOTREG 0x80040154u
#define HR_CO_E_SERVER_EXEC_FAILURE 0x80080005u
#define HR_REGDB_E_IIDNOTREG 0x80040155u
#define HR_CO_E_CLASSSTRING 0x800401F3u

/* Symbolic names for the catalogue (HRN_NONE is the empty string). */
#define HRN_NONE ""
#define HRN_CLDB_E_FILE_CORRUPT "CLDB_E_FILE_CORRUPT"
#define HRN_CLDB_E_FILE_OLDVER "CLDB_E_FILE_OLDVER"
#define HRN_CLDB_E_INDEX_NOTFOUND "CLDB_E_INDEX_NOTFOUND"
#define HRN_COR_E_BADIMAGEFORMAT "COR_E_BADIMAGEFORMAT"
#define HRN_ERROR_BAD_EXE_FORMAT "ERROR_BAD_EXE_FORMAT"
#define HRN_REGDB_E_CLASSNOTREG "REGDB_E_CLASSNOTREG"
#define HRN_REGDB_E_IIDNOTREG "REGDB_E_IIDNOTREG"
#define HRN_CO_E_SERVER_EXEC_FAILURE "CO_E_SERVER_EXEC_FAILURE"
#define HRN_CO_E_CLASSSTRING "CO_E_CLASSSTRING"

static const struct {
	uint32_t value;
	const char *name;
} hresult_names[] = {
	{ HR_CLDB_E_FILE_CORRUPT, "CLDB_E_FILE_CORRUPT" },
	{ HR_CLDB_E_FILE_OLDVER, "CLDB_E_FILE_OLDVER" },
	{ HR_CLDB_E_INDEX_NOTFOUND, "CLDB_E_INDEX_NOTFOUND" },
	{ HR_COR_E_BADIMAGEFORMAT, "COR_E_BADIMAGEFORMAT" },
	{ HR_ERROR_BAD_EXE_FORMAT, "ERROR_BAD_EXE_FORMAT" },
	{ HR_REGDB_E_CLASSNOTREG, "REGDB_E_CLASSNOTREG" },
	{ HR_CO_E_SERVER_EXEC_FAILURE, "CO_E_SERVER_EXEC_FAILURE" },
	{ HR_REGDB_E_IIDNOTREG, "REGDB_E_IIDNOTREG" },
	{ HR_CO_E_CLASSSTRING, "CO_E_CLASSSTRING" },
};

/* Codes graded differently in the Windows-compatible mode (codes.def
 * CS_COMPAT rows); every other code keeps its strict severity. */
#define CS_COMPAT_NOTE COMSCAN_SEVERITY_NOTE
#define CS_COMPAT_WARNING COMSCAN_SEVERITY_WARNING
#define CS_COMPAT_ERROR COMSCAN_SEVERITY_ERROR

static const comscan_code_info catalogue[CS_CODE_COUNT] = {
#define CS_CODE(id, code, cls, sev, hr, meaning, remedy)                                   \
	{ code, COMSCAN_CLASS_##cls, COMSCAN_SEVERITY_##sev, CS_COMPAT_##sev, HR_##hr, HRN_##hr, \
	    meaning, remedy },
#define CS_CODE_COMPAT(id, code, cls, sev, compat, hr, meaning, remedy)                      \
	{ code, COMSCAN_CLASS_##cls, COMSCAN_SEVERITY_##sev, CS_COMPAT_##compat, HR_##hr,      \
	    HRN_##hr, meaning, remedy },
#include "core/codes.def"
#undef CS_CODE
#undef CS_CODE_COMPAT
};

static const char *const kind_names[COMSCAN_KIND_COUNT] = {
	"empty", "text", "clb", "pe", "reg", "regf", "unknown"
};

static const char *const class_names[COMSCAN_CLASS_COUNT] = {
	"zero-byte-placeholder", "text-placeholder", "bad-signature", "legacy-format",
	"unsupported-version", "truncated", "out-of-bounds", "overlap", "malformed",
	"syntax", "bad-encoding", "bad-checksum", "dangling-reference", "duplicate",
	"inconsistent", "cycle", "limit-exceeded", "dirty", "unregistered", "disabled"
};

const comscan_code_info *
cs_code_info(cs_code id)
{
	return (unsigned)id < CS_CODE_COUNT ? &catalogue[id] : NULL;
}

size_t
comscan_code_count(void)
{
	return CS_CODE_COUNT;
}

const comscan_code_info *
comscan_code_at(size_t i)
{
	return i < CS_CODE_COUNT ? &catalogue[i] : NULL;
}

const comscan_code_info *
comscan_code_lookup(const char *code)
{
	size_t i;
	if (code == NULL)
		return NULL;
	for (i = 0; i < CS_CODE_COUNT; i++)
		if (strcmp(catalogue[i].code, code) == 0)
			return &catalogue[i];
	return NULL;
}

const char *
comscan_hresult_name(uint32_t hresult)
{
	size_t i;
	for (i = 0; i < sizeof hresult_names / sizeof hresult_names[0]; i++)
		if (hresult_names[i].value == hresult)
			return hresult_names[i].name;
	return "";
}

const char *
comscan_kind_name(comscan_kind kind)
{
	return (unsigned)kind < COMSCAN_KIND_COUNT ? kind_names[kind] : "?";
}

const char *
comscan_class_name(comscan_class cls)
{
	return (unsigned)cls < COMSCAN_CLASS_COUNT ? class_names[cls] : "?";
}

const char *
comscan_severity_name(comscan_severity severity)
{
	switch (severity) {
	case COMSCAN_SEVERITY_NOTE:
		return "note";
	case COMSCAN_SEVERITY_WARNING:
		return "warning";
	case COMSCAN_SEVERITY_ERROR:
		return "error";
	}
	return "?";
}

const char *
comscan_verdict_name(comscan_verdict verdict)
{
	switch (verdict) {
	case COMSCAN_VERDICT_HEALTHY:
		return "healthy";
	case COMSCAN_VERDICT_CORRUPT:
		return "corrupt";
	}
	return "?";
}

const char *
comscan_status_message(comscan_status status)
{
	switch (status) {
	case COMSCAN_OK:
		return "success";
	case COMSCAN_ERR_NOMEM:
		return "out of memory";
	case COMSCAN_ERR_INVALID:
		return "invalid argument";
	case COMSCAN_ERR_IO:
		return "input/output error";
	case COMSCAN_ERR_NOT_FILE:
		return "not a regular file";
	case COMSCAN_ERR_TOO_LARGE:
		return "file too large to map";
	case COMSCAN_ERR_OUTPUT:
		return "error writing output";
	}
	return "unknown status";
}

const char *
comscan_version(void)
{
	return COMSCAN_VERSION_STRING;
}
