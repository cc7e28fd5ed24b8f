/*
 * diagnose.h - state shared by the diagnosis of a Windows directory:
 * files.c finds the files it reads, rules.c draws the conclusions,
 * diagnose.c owns the handle.
 */
#ifndef COMSCAN_DIAGNOSE_DIAGNOSE_H
#define COMSCAN_DIAGNOSE_DIAGNOSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "comscan/comscan.h"
#include "core/findings.h"

/* The conclusions are never dropped: the diagnosis keeps up to this many
 * beyond max_findings (there are at most about 25: one per rule, one
 * ambiguity per role), and max_findings caps the details. */
#define DIAG_MAX_CONCLUSIONS 64

/* The files the diagnosis looks for, by role. */
typedef enum diag_role {
	DIAG_MARKER = 0, /* System32\~clbcatq.dll               */
	DIAG_CATDLL,     /* System32\clbcatq.dll                */
	DIAG_COMADMIN,   /* System32\com\comadmin.dll           */
	DIAG_SOFTWARE,   /* System32\config\SOFTWARE            */
	DIAG_CATALOG,    /* the highest-numbered Registration\R*.clb */
	DIAG_REGDB,      /* the catalog REGDBVersion names, when another one */
	DIAG_ROLE_COUNT
} diag_role;

/* One role's file: the one read, and whether another matched too. */
typedef struct diag_pick {
	const comscan_diag_file *file;  /* NULL: absent                       */
	const comscan_diag_file *other; /* a second match (ambiguous), or NULL */
	uint64_t number;                /* catalogs: the 12-digit number       */
	comscan_report *report;         /* its scan, once scanned              */
	char *path;                     /* own copy of file->path (findings)   */
} diag_pick;

typedef struct diag_state {
	cs_ctx *ctx;
	const comscan_options *opts;
	const comscan_diag_file *files;
	size_t nfiles;
	const comscan_com_input *dumps;
	size_t ndumps;
	diag_pick pick[DIAG_ROLE_COUNT];
	size_t ncatalogs;          /* Registration\R*.clb files              */
	comscan_com *model;        /* the registrations, or NULL             */
	size_t conclusions;        /* findings kept before the details       */
	bool failing;              /* an error conclusion was raised         */
	size_t details;            /* details kept so far                    */
	uint32_t max_details;      /* the caller's max_findings              */
	comscan_diag_item *items;  /* what was read, for the report          */
	char **item_paths;         /* items[i].path, owned                   */
	size_t nitems, items_cap, paths_cap;
} diag_state;

/* The path of role when its file is absent. */
const char *diag_expected_path(diag_role role);
/* Fills d->pick[] (and d->ncatalogs) from d->files, all but DIAG_REGDB. */
void diag_find_files(diag_state *d);
/* Fills d->pick[DIAG_REGDB]: the catalog numbered regdb (REGDBVersion). */
void diag_find_regdb(diag_state *d, uint64_t regdb);
/* Case-insensitive (ASCII) equality of two NUL-terminated strings, as
 * Windows compares these file names. */
bool diag_name_eq(const char *a, const char *b);
/* Whether a file name is a catalog's, R<12 hex digits>.clb (any case);
 * *number gets the 12 digits' value. */
bool diag_catalog_name(const char *name, uint64_t *number);
/* Whether the file name at the end of a server path (quotes, spaces and
 * directories stripped) is name, case-insensitively. */
bool diag_server_is(const char *server, const char *name);

/* Runs every rule and copies the findings behind them (rules.c). */
void diag_run_rules(diag_state *d);

#endif /* COMSCAN_DIAGNOSE_DIAGNOSE_H */
