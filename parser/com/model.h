/*
 * model.h - internal state of the COM registration model.
 *
 * Collection (collect.c) visits the class views of each input tree
 * (HKEY_CLASSES_ROOT, HKLM\SOFTWARE\Classes, HKCU\Software\Classes,
 * HKEY_USERS\<sid>\Software\Classes and <sid>_Classes, each also under
 * WOW6432Node) and records classes, ProgIDs, AppIDs, interfaces and type
 * libraries with their provenance, reporting what is wrong inside one
 * registration.  Resolution (resolve.c) then sorts the records, decides
 * which registration of each class wins, and checks the references
 * between registrations.  Strings live in one arena until the public
 * view is built.
 */
#ifndef COMSCAN_COM_MODEL_H
#define COMSCAN_COM_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "comscan/comscan.h"
#include "core/findings.h"
#include "core/guid.h"
#include "core/regtree.h"
#include "core/strbuf.h"

#define COM_NONE SIZE_MAX /* no string */

/* Lower wins when one class is registered in several views. */
typedef enum com_scope { COM_SCOPE_USER = 0, COM_SCOPE_MERGED = 1, COM_SCOPE_MACHINE = 2 } com_scope;

/* String fields of a class registration. */
enum {
	COM_S_CLSID, COM_S_NAME, COM_S_INPROC, COM_S_THREADING, COM_S_HANDLER, COM_S_LOCAL, COM_S_PROGID,
	COM_S_VIPROGID, COM_S_APPID, COM_S_TYPELIB, COM_S_TREATAS, COM_S_VIEW, COM_S_SOURCE,
	COM_S_COUNT
};

typedef struct com_where {
	uint32_t input;     /* index into the inputs (its name stamps findings) */
	cs_regsource src;
} com_where;

typedef struct com_class {
	char clsid[CS_GUID_LEN + 1];
	com_scope scope;
	bool wow64;
	bool effective;     /* the registration COM would use for this bitness */
	size_t str[COM_S_COUNT];
	char appid[CS_GUID_LEN + 1];   /* canonical, or "" */
	char treatas[CS_GUID_LEN + 1];
	char typelib[CS_GUID_LEN + 1];
	com_where where;
} com_class;

typedef struct com_progid {
	size_t name;        /* arena offset */
	const char *name_str; /* arena + name, set once the arena stops growing */
	char clsid[CS_GUID_LEN + 1];
	bool wow64;
	com_scope scope;    /* precedence among registrations of one name */
	com_where where;
} com_progid;

typedef struct com_appid {
	char appid[CS_GUID_LEN + 1];
	bool wow64;
	bool runs;          /* LocalService or DllSurrogate: activatable without a server key */
} com_appid;

typedef struct com_iface {
	char iid[CS_GUID_LEN + 1];
	char proxy[CS_GUID_LEN + 1];
	com_where where;
} com_iface;

typedef struct com_typelib {
	char libid[CS_GUID_LEN + 1];
} com_typelib;

typedef struct com_model {
	cs_ctx *ctx;
	const comscan_com_input *inputs;
	char *arena;
	size_t arena_len, arena_cap;
	com_class *classes;
	size_t nclasses, capclasses;
	com_progid *progids;
	size_t nprogids, capprogids;
	com_appid *appids;
	size_t nappids, capappids;
	com_iface *ifaces;
	size_t nifaces, capifaces;
	com_typelib *typelibs;
	size_t ntypelibs, captypelibs;
	comscan_com3 com3;
	size_t com3_source;
	bool com3_native;   /* com3 comes from a native (not WOW6432Node) key */
	bool microsoft;     /* some input has HKLM\SOFTWARE\Microsoft        */
	cs_strbuf sb;       /* scratch */
	uint16_t *units;    /* scratch */
	size_t units_cap;
	uint8_t *bytes;     /* scratch */
	size_t bytes_cap;
} com_model;

/* Records the registrations of one input tree (collect.c). */
void com_collect(com_model *m, const cs_regtree *t, uint32_t input);
/* Decides the effective registrations and checks references (resolve.c). */
void com_resolve(com_model *m);
/* The registration of ProgID name (case-insensitive) in v[0..n), sorted
 * by com_resolve: of the given bitness when there is one, then by view
 * precedence; NULL when none. */
const com_progid *com_progid_lookup(const com_progid *v, size_t n, const char *name, bool wow64);

/* Copies s into the arena; returns its offset, or COM_NONE on nomem. */
size_t com_intern(com_model *m, const char *s);
/* Stamps the input's name on the findings that follow. */
void com_source(com_model *m, uint32_t input);

#endif /* COMSCAN_COM_MODEL_H */
