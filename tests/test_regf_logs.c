/*
 * test_regf_logs.c - transaction logs of a hive through comscan_scan_hive
 * (regf.md 1.13, 2.7; [MS] format of transaction log files): new-format
 * logs (HvLE entries with Marvin32 Hash-1 and Hash-2: valid, bad hashes, a
 * sequence gap, bad hive bins sizes and entry sizes, entries older than
 * the hive's secondary sequence number, two logs), old-format logs (DIRT
 * vector: valid, missing signature, cut pages, the log's own base block
 * dirty or failing its checksum, stale, bitmaps longer than a sector),
 * empty logs, a dirty hive without logs (regf.log.missing), a clean hive
 * with logs, and a hive whose base block is not trusted (logs matched by
 * the first bin's timestamp).
 *
 * Logs are built with tests/support/hivew (hivew_dirty_pair and the log
 * helpers, cross-checked there against a real Windows 10 log); every case
 * asserts the exact findings, each log's stamped with the log's name.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comscan/comscan.h"
#include "support/hivew.h"
#include "support/regftest.h"

#define L1 "hive.LOG1"
#define L2 "hive.LOG2"

/* The stale hive (ROOT with a and b, sequence 9/9) and the target it
 * becomes (60 more keys under a, a bigger value list, a new bin). */
static void
log_pair(hivew_img **stale, hivew_img **target)
{
	hivew *h = hivew_new("ROOT");
	hivew_key a = hivew_key_add(h, HIVEW_ROOT, "a");
	uint8_t blob[6000];
	int i;
	(void)hivew_key_add(h, HIVEW_ROOT, "b");
	hivew_options(h)->seq1 = hivew_options(h)->seq2 = 9;
	*stale = hivew_build(h);
	for (i = 0; i < 60; i++) {
		char n[16];
		snprintf(n, sizeof n, "new%03d", i);
		(void)hivew_key_add(h, a, n);
	}
	for (i = 0; i < (int)sizeof blob; i++)
		blob[i] = (uint8_t)(i * 7);
	(void)hivew_value_add(h, a, "blob", HIVEW_REG_BINARY, blob, sizeof blob);
	*target = hivew_build(h);
	hivew_free(h);
	assert_true((*target)->len > (*stale)->len);
}

static comscan_buffer
buf(const hivew_img *img, const char *name)
{
	comscan_buffer b;
	b.data = img->data;
	b.size = img->len;
	b.name = name;
	return b;
}

/* ---- new format --------------------------------------------------------------------------- */

typedef struct newlog {
	hivew_img *stale, *target, *primary, *log;
} newlog;

/* A dirty primary (seq 9/8, the stale bytes) and a new-format log (base
 * block seq 8/8) with one entry of sequence 8 holding the target. */
static void
newlog_make(newlog *n)
{
	log_pair(&n->stale, &n->target);
	hivew_dirty_pair(n->target, n->stale, 6, &n->primary, &n->log);
	assert_int_equal(hivew_get32(n->primary, HIVEW_BB_SEQ1), 9);
	assert_int_equal(hivew_get32(n->primary, HIVEW_BB_SEQ2), 8);
	assert_int_equal(hivew_get32(n->log, 512 + HIVEW_LE_SEQ), 8);
}

static void
newlog_free(newlog *n)
{
	hivew_img_free(n->stale);
	hivew_img_free(n->target);
	hivew_img_free(n->primary);
	hivew_img_free(n->log);
}

/* A new-format log whose entries bring the hive up to date: found (a
 * note), and the hive recovers (a note after the dirty warning). */
static void
test_new_log_valid(void **state)
{
	newlog n;
	comscan_buffer b;
	(void)state;
	newlog_make(&n);
	b = buf(n.log, L1);
	rft_run_logs("new log", n.primary, &b, 1,
	    EXP(RF("base.dirty", 4), RFS("log.found", 512, L1), RF("log.recovers", 4)));
	/* a second entry, sequence 9 */
	(void)hivew_log_new_entry(n.log, n.target, NULL, 9);
	b = buf(n.log, L1);
	rft_run_logs("new log, 2 entries", n.primary, &b, 1,
	    EXP(RF("base.dirty", 4), RFS("log.found", 512, L1), RF("log.recovers", 4)));
	/* garbage after the entries ends the log without a finding */
	hivew_append_garbage(n.log, 700, 5);
	b = buf(n.log, L1);
	rft_run_logs("new log, garbage after the entries", n.primary, &b, 1,
	    EXP(RF("base.dirty", 4), RFS("log.found", 512, L1), RF("log.recovers", 4)));
	/* no name: "(log)" */
	b.name = NULL;
	rft_run_logs("new log without a name", n.primary, &b, 1,
	    EXP(RF("base.dirty", 4), RFS("log.found", 512, "(log)"), RF("log.recovers", 4)));
	newlog_free(&n);
}

/* Entries that fail their checks end the replay there ([MS]; yarp's
 * LogEntry): Hash-1 (entry bytes 40..size), Hash-2 (bytes 0..31), a gap
 * in the sequence, a hive bins size that is no multiple of 4096, an entry
 * size that is none of 512, a page count of 0. */
static void
test_new_log_bad_second_entry(void **state)
{
	static const struct {
		const char *what;
		size_t field; /* from the entry start; SIZE_MAX: a page byte */
		uint32_t value;
		bool rehash;
	} cases[] = {
		{ "Hash-1", SIZE_MAX, 0, false },
		{ "Hash-2", HIVEW_LE_FLAGS, 1, false },
		{ "Hash-2 itself", HIVEW_LE_HASH2, 0x12345678u, false },
		{ "sequence gap 8 -> 10", HIVEW_LE_SEQ, 10, true },
		{ "sequence 8 -> 8", HIVEW_LE_SEQ, 8, true },
		{ "hive bins size 5000", HIVEW_LE_HBINS_SIZE, 5000, true },
		{ "hive bins size 0", HIVEW_LE_HBINS_SIZE, 0, true },
		{ "page count 0", HIVEW_LE_NPAGES, 0, true },
		{ "page count past the entry", HIVEW_LE_NPAGES, 0x10000000u, true },
		{ "entry size 1000", HIVEW_LE_SIZE, 1000, false },
		{ "entry size 0", HIVEW_LE_SIZE, 0, false },
		{ "entry size past the log", HIVEW_LE_SIZE, 0x7FFFFE00u, false },
	};
	size_t i;
	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		newlog n;
		comscan_buffer b;
		size_t e2;
		rft_exp e[] = { RF("base.dirty", 4), RFS("log.invalid", 0, L1), RFS("log.found", 512, L1),
			RF("log.recovers", 4), { NULL, 0, NULL } };
		newlog_make(&n);
		e2 = hivew_log_new_entry(n.log, n.target, NULL, 9);
		if (cases[i].field == SIZE_MAX)
			hivew_put8(n.log, e2 + 600, (uint8_t)(hivew_get8(n.log, e2 + 600) ^ 0x40));
		else
			hivew_put32(n.log, e2 + cases[i].field, cases[i].value);
		if (cases[i].rehash)
			hivew_log_rehash(n.log, e2);
		e[1].offset = e2;
		b = buf(n.log, L1);
		rft_run_logs(cases[i].what, n.primary, &b, 1, e);
		newlog_free(&n);
	}
}

/* The only entry fails: the log is unusable, the hive's changes lost.  The
 * failing entry is reported (log.invalid), and only it: the log holds
 * changes the hive lacks, so it is not the catalogue's not-applicable. */
static void
test_new_log_bad_only_entry(void **state)
{
	newlog n;
	comscan_buffer b;
	(void)state;
	newlog_make(&n);
	hivew_put8(n.log, 512 + 600, (uint8_t)(hivew_get8(n.log, 512 + 600) ^ 1));
	b = buf(n.log, L1);
	rft_run_logs("bad Hash-1 in the only entry", n.primary, &b, 1,
	    EXP(RF("base.dirty", 4), RFS("log.invalid", 512, L1), RF("log.missing", 4)));
	newlog_free(&n);
}

/* Entries older than the hive's secondary sequence number are changes
 * the hive has (yarp: NotEligible; notatin skips them). */
static void
test_new_log_stale(void **state)
{
	newlog n;
	hivew_img *log;
	comscan_buffer b;
	(void)state;
	newlog_make(&n);
	/* entries 6 and 7 */
	log = hivew_log_new(n.target, 6);
	(void)hivew_log_new_entry(log, n.target, n.stale, 6);
	(void)hivew_log_new_entry(log, n.target, n.stale, 7);
	b = buf(log, L2);
	rft_run_logs("entries 6, 7", n.primary, &b, 1,
	    EXP(RF("base.dirty", 4), RFS("log.not-applicable", 512, L2), RF("log.missing", 4)));
	/* 6, 7, 8: the last one counts */
	(void)hivew_log_new_entry(log, n.target, n.stale, 8);
	b = buf(log, L2);
	rft_run_logs("entries 6, 7, 8", n.primary, &b, 1,
	    EXP(RF("base.dirty", 4), RFS("log.found", 512, L2), RF("log.recovers", 4)));
	hivew_img_free(log);
	/* a log with a base block and no entry */
	log = hivew_log_new(n.target, 8);
	b = buf(log, L2);
	rft_run_logs("no entries", n.primary, &b, 1,
	    EXP(RF("base.dirty", 4), RFS("log.not-applicable", 512, L2), RF("log.missing", 4)));
	hivew_img_free(log);
	newlog_free(&n);
}

/* Two logs ([MS] dual logs: LOG1 and LOG2 alternate), each judged on its
 * own; one stale and one current; two unusable ones. */
static void
test_new_two_logs(void **state)
{
	newlog n;
	hivew_img *l2;
	comscan_buffer b[2];
	(void)state;
	newlog_make(&n);
	l2 = hivew_log_new(n.target, 9);
	(void)hivew_log_new_entry(l2, n.target, n.stale, 9);
	(void)hivew_log_new_entry(l2, n.target, n.stale, 10);
	b[0] = buf(n.log, L1);
	b[1] = buf(l2, L2);
	rft_run_logs("LOG1 8, LOG2 9-10", n.primary, b, 2,
	    EXP(RF("base.dirty", 4), RFS("log.found", 512, L1), RFS("log.found", 512, L2),
		RF("log.recovers", 4)));
	/* LOG1 stale (yarp's NewDirtyHive2) */
	hivew_put32(n.primary, HIVEW_BB_SEQ1, 10);
	hivew_put32(n.primary, HIVEW_BB_SEQ2, 9);
	hivew_fix_checksum(n.primary);
	rft_run_logs("LOG1 stale, LOG2 current", n.primary, b, 2,
	    EXP(RF("base.dirty", 4), RFS("log.not-applicable", 512, L1), RFS("log.found", 512, L2),
		RF("log.recovers", 4)));
	/* both stale */
	hivew_put32(n.primary, HIVEW_BB_SEQ1, 12);
	hivew_put32(n.primary, HIVEW_BB_SEQ2, 11);
	hivew_fix_checksum(n.primary);
	rft_run_logs("both stale", n.primary, b, 2,
	    EXP(RF("base.dirty", 4), RFS("log.not-applicable", 512, L1),
		RFS("log.not-applicable", 512, L2), RF("log.missing", 4)));
	/* both base blocks fail their checksum (yarp's BadLogHive3) */
	hivew_put32(n.log, HIVEW_BB_CHECKSUM, 0);
	hivew_put32(l2, HIVEW_BB_CHECKSUM, 0);
	b[0] = buf(n.log, L1);
	b[1] = buf(l2, L2);
	rft_run_logs("both logs' checksums", n.primary, b, 2,
	    EXP(RF("base.dirty", 4), RFS("log.invalid", 508, L1), RFS("log.invalid", 508, L2),
		RF("log.missing", 4)));
	hivew_img_free(l2);
	newlog_free(&n);
}

/* Dirty-page references the entry cannot back. */
static void
test_new_log_page_refs(void **state)
{
	newlog n;
	comscan_buffer b;
	(void)state;
	newlog_make(&n);
	/* the first page's offset far past the hive bins size of the entry */
	hivew_put32(n.log, 512 + HIVEW_LE_REFS, 0x7FFFF000u);
	hivew_log_rehash(n.log, 512);
	b = buf(n.log, L1);
	/* regf.md 3.4 "dirty-page ref past file": a page beyond the hive bins
	 * size the entry declares, or pages adding up to more than the entry
	 * holds, make the entry invalid: replaying it would write outside the
	 * hive or read past the entry. */
	rft_run_logs("page past the hive bins", n.primary, &b, 1,
	    EXP(RF("base.dirty", 4), RFS("log.invalid", 512, L1), RF("log.missing", 4)));
	hivew_put32(n.log, 512 + HIVEW_LE_REFS, 0);
	hivew_put32(n.log, 512 + HIVEW_LE_REFS + 4, 0x100000);
	hivew_log_rehash(n.log, 512);
	b = buf(n.log, L1);
	rft_run_logs("page past the entry", n.primary, &b, 1,
	    EXP(RF("base.dirty", 4), RFS("log.invalid", 512, L1), RF("log.missing", 4)));
	newlog_free(&n);
}

/* ---- log base blocks and empty logs ----------------------------------------------------------- */

/* A log's own base block (regf.md 1.13: valid and not itself dirty; yarp's
 * BadLogHive1): short, no "regf", a primary's file type, a bad checksum,
 * unequal sequence numbers; an empty log (Windows leaves the unused one of
 * two empty). */
static void
test_log_base_blocks(void **state)
{
	newlog n;
	hivew_img *x;
	comscan_buffer b;
	(void)state;
	newlog_make(&n);
	/* empty */
	b.data = NULL;
	b.size = 0;
	b.name = L2;
	rft_run_logs("empty log", n.primary, &b, 1,
	    EXP(RF("base.dirty", 4), RFS("log.not-applicable", 0, L2), RF("log.missing", 4)));
	/* 511 bytes */
	b = buf(n.log, L1);
	b.size = 511;
	rft_run_logs("511 bytes", n.primary, &b, 1,
	    EXP(RF("base.dirty", 4), RFS("log.invalid", 0, L1), RF("log.missing", 4)));
	b.size = 4;
	rft_run_logs("4 bytes", n.primary, &b, 1,
	    EXP(RF("base.dirty", 4), RFS("log.invalid", 0, L1), RF("log.missing", 4)));
	/* not "regf" */
	x = hivew_img_dup(n.log);
	hivew_put(x, 0, "hbin", 4);
	b = buf(x, L1);
	rft_run_logs("no regf", n.primary, &b, 1,
	    EXP(RF("base.dirty", 4), RFS("log.invalid", 0, L1), RF("log.missing", 4)));
	hivew_img_free(x);
	/* file type 0 (a primary), 3 */
	x = hivew_img_dup(n.log);
	hivew_put32(x, HIVEW_BB_TYPE, 0);
	hivew_fix_checksum(x);
	b = buf(x, L1);
	rft_run_logs("type 0", n.primary, &b, 1,
	    EXP(RF("base.dirty", 4), RFS("log.invalid", 28, L1), RF("log.missing", 4)));
	hivew_put32(x, HIVEW_BB_TYPE, 3);
	hivew_fix_checksum(x);
	rft_run_logs("type 3", n.primary, &b, 1,
	    EXP(RF("base.dirty", 4), RFS("log.invalid", 28, L1), RF("log.missing", 4)));
	hivew_img_free(x);
	/* checksum; the fix-ups hold for logs too */
	x = hivew_img_dup(n.log);
	hivew_put32(x, HIVEW_BB_CHECKSUM, hivew_get32(x, HIVEW_BB_CHECKSUM) + 1);
	b = buf(x, L1);
	rft_run_logs("log checksum", n.primary, &b, 1,
	    EXP(RF("base.dirty", 4), RFS("log.invalid", 508, L1), RF("log.missing", 4)));
	hivew_force_xor(x, 0);
	rft_run_logs("log checksum fix-up", n.primary, &b, 1,
	    EXP(RF("base.dirty", 4), RFS("log.found", 512, L1), RF("log.recovers", 4)));
	hivew_img_free(x);
	/* the log itself dirty */
	x = hivew_img_dup(n.log);
	hivew_set_seq(x, 9, 8);
	b = buf(x, L1);
	rft_run_logs("log dirty", n.primary, &b, 1,
	    EXP(RF("base.dirty", 4), RFS("log.invalid", 4, L1), RF("log.missing", 4)));
	hivew_img_free(x);
	newlog_free(&n);
}

/* A dirty hive without logs; a clean hive with logs (found or stale notes,
 * never recovers or missing); logs of a file that is itself a log, or of
 * a hive fragment, are not looked at. */
static void
test_dirty_and_clean(void **state)
{
	newlog n;
	comscan_buffer b;
	hivew_img *x;
	(void)state;
	newlog_make(&n);
	rft_run_logs("dirty, no log", n.primary, NULL, 0, EXP(RF("base.dirty", 4), RF("log.missing", 4)));
	/* clean at 8/8: the log's entry 8 would be found */
	x = hivew_img_dup(n.primary);
	hivew_set_seq(x, 8, 8);
	b = buf(n.log, L1);
	rft_run_logs("clean 8/8 with a log of 8", x, &b, 1, EXP(RFS("log.found", 512, L1)));
	hivew_set_seq(x, 9, 9);
	rft_run_logs("clean 9/9 with a log of 8", x, &b, 1, EXP(RFS("log.not-applicable", 512, L1)));
	b.size = 0;
	rft_run_logs("clean with an empty log", x, &b, 1, EXP(RFS("log.not-applicable", 0, L1)));
	rft_run_logs("clean, no log", x, NULL, 0, NOF);
	/* a log scanned as the primary: its logs are not read */
	b = buf(n.log, L2);
	rft_run_logs("a log as the hive", n.log, &b, 1, EXP(RF("base.log-file", 28)));
	hivew_img_free(x);
	/* a fragment */
	x = hivew_img_dup(n.primary);
	hivew_put(x, 0, "hbin", 4);
	rft_run_logs("fragment", x, &b, 1, EXP(RF("file.no-base-block", 0)));
	hivew_img_free(x);
	newlog_free(&n);
}

/* The scan_hive argument rules. */
static void
test_scan_hive_arguments(void **state)
{
	newlog n;
	comscan_report *r = (comscan_report *)&n;
	comscan_buffer b = { NULL, 10, L1 };
	(void)state;
	newlog_make(&n);
	assert_int_equal(comscan_scan_hive(n.primary->data, n.primary->len, NULL, 1, NULL, &r),
	    COMSCAN_ERR_INVALID);
	assert_null(r);
	r = (comscan_report *)&n;
	assert_int_equal(comscan_scan_hive(n.primary->data, n.primary->len, &b, 1, NULL, &r),
	    COMSCAN_ERR_INVALID);
	assert_null(r);
	assert_int_equal(comscan_scan_hive(n.primary->data, n.primary->len, NULL, 0, NULL, NULL),
	    COMSCAN_ERR_INVALID);
	/* logs of a .reg file are ignored */
	b = buf(n.log, L1);
	assert_int_equal(comscan_scan_hive("REGEDIT4\r\n", 10, &b, 1, NULL, &r), COMSCAN_OK);
	assert_int_equal(comscan_report_kind(r), COMSCAN_KIND_REG);
	assert_int_equal(comscan_findings_count(comscan_report_findings(r)), 0);
	comscan_report_close(r);
	newlog_free(&n);
}

/* ---- old format --------------------------------------------------------------------------------- */

typedef struct oldlog {
	hivew_img *stale, *target, *primary, *log;
} oldlog;

/* A dirty primary (seq 9/8) and an old-format log (seq 9/9, type 1, the
 * same timestamp) whose DIRT vector and pages bring it to the target. */
static void
oldlog_make(oldlog *o)
{
	log_pair(&o->stale, &o->target);
	hivew_dirty_pair(o->target, o->stale, 1, &o->primary, &o->log);
	assert_int_equal(hivew_get32(o->log, HIVEW_BB_TYPE), 1);
	assert_memory_equal(o->log->data + 512, "DIRT", 4);
}

static void
oldlog_free(oldlog *o)
{
	hivew_img_free(o->stale);
	hivew_img_free(o->target);
	hivew_img_free(o->primary);
	hivew_img_free(o->log);
}

/* Old-format logs ([MS]; yarp's OldLogFile): valid (types 1 and 2),
 * "DIRT" missing (yarp's BadLogHive2), pages cut, the log's base block
 * dirty or failing its checksum, stale. */
static void
test_old_log(void **state)
{
	oldlog o;
	hivew_img *x;
	comscan_buffer b;
	(void)state;
	oldlog_make(&o);
	b = buf(o.log, L1);
	rft_run_logs("old log", o.primary, &b, 1,
	    EXP(RF("base.dirty", 4), RFS("log.found", 0, L1), RF("log.recovers", 4)));
	/* remnant bytes after the last page (yarp's OldLogWithRemnantData) */
	x = hivew_img_dup(o.log);
	hivew_append_garbage(x, 4, 1);
	b = buf(x, L1);
	rft_run_logs("old log with remnant data", o.primary, &b, 1,
	    EXP(RF("base.dirty", 4), RFS("log.found", 0, L1), RF("log.recovers", 4)));
	hivew_img_free(x);
	/* NT 2000's file type 2 */
	x = hivew_img_dup(o.log);
	hivew_put32(x, HIVEW_BB_TYPE, 2);
	hivew_fix_checksum(x);
	b = buf(x, L1);
	rft_run_logs("old log, type 2", o.primary, &b, 1,
	    EXP(RF("base.dirty", 4), RFS("log.found", 0, L1), RF("log.recovers", 4)));
	hivew_img_free(x);
	/* no DIRT */
	x = hivew_img_dup(o.log);
	hivew_put(x, 512, "INVL", 4);
	b = buf(x, L1);
	rft_run_logs("INVL", o.primary, &b, 1,
	    EXP(RF("base.dirty", 4), RFS("log.invalid", 512, L1), RF("log.missing", 4)));
	hivew_img_free(x);
	/* the pages cut: one byte short; the bitmap cut */
	x = hivew_img_dup(o.log);
	hivew_truncate(x, x->len - 1);
	b = buf(x, L1);
	rft_run_logs("last page cut", o.primary, &b, 1,
	    EXP(RF("base.dirty", 4), RFS("log.invalid", 512, L1), RF("log.missing", 4)));
	hivew_truncate(x, 517);
	b = buf(x, L1);
	rft_run_logs("bitmap cut", o.primary, &b, 1,
	    EXP(RF("base.dirty", 4), RFS("log.invalid", 512, L1), RF("log.missing", 4)));
	hivew_truncate(x, 512);
	b = buf(x, L1);
	rft_run_logs("base block only", o.primary, &b, 1,
	    EXP(RF("base.dirty", 4), RFS("log.invalid", 512, L1), RF("log.missing", 4)));
	hivew_img_free(x);
	/* the log's base block */
	x = hivew_img_dup(o.log);
	hivew_set_seq(x, 9, 8);
	b = buf(x, L1);
	rft_run_logs("old log dirty", o.primary, &b, 1,
	    EXP(RF("base.dirty", 4), RFS("log.invalid", 4, L1), RF("log.missing", 4)));
	hivew_set_seq(x, 9, 9);
	hivew_put32(x, HIVEW_BB_CHECKSUM, 0xFFFFFFFFu);
	rft_run_logs("old log checksum", o.primary, &b, 1,
	    EXP(RF("base.dirty", 4), RFS("log.invalid", 508, L1), RF("log.missing", 4)));
	/* stale: sequence 7 below the hive's secondary 8 */
	hivew_set_seq(x, 7, 7);
	rft_run_logs("old log stale", o.primary, &b, 1,
	    EXP(RF("base.dirty", 4), RFS("log.found", 0, L1), RFS("log.not-applicable", 4, L1),
		RF("log.missing", 4)));
	/* sequence 8 reaches it */
	hivew_set_seq(x, 8, 8);
	rft_run_logs("old log of 8", o.primary, &b, 1,
	    EXP(RF("base.dirty", 4), RFS("log.found", 0, L1), RF("log.recovers", 4)));
	hivew_img_free(x);
	oldlog_free(&o);
}

/* An old-format log whose sequence number fits the hive but whose
 * timestamp is older than the hive's. */
static void
test_old_log_timestamp(void **state)
{
	oldlog o;
	comscan_buffer b;
	(void)state;
	oldlog_make(&o);
	hivew_put64(o.log, HIVEW_BB_TIME, HIVEW_TIMESTAMP - 10000000);
	hivew_fix_checksum(o.log);
	b = buf(o.log, L1);
	/* regf.md 1.13 ([MS]): an old-format log is applicable when its
	 * timestamp (base block offset 12) equals the primary's; yarp raises
	 * NotEligible when it is older.  The sequence number alone fits. */
	rft_run_logs("old log, older timestamp", o.primary, &b, 1,
	    EXP(RF("base.dirty", 4), RFS("log.found", 0, L1), RFS("log.not-applicable", 12, L1),
		RF("log.missing", 4)));
	oldlog_free(&o);
}

/* A primary whose base block fails its checksum (yarp's BadBaseBlockHive):
 * its fields are not trusted, so an old-format log is matched by the
 * first hive bin's timestamp, and every new-format entry counts. */
static void
test_logs_untrusted_hive(void **state)
{
	oldlog o;
	newlog n;
	comscan_buffer b;
	(void)state;
	oldlog_make(&o);
	hivew_put32(o.primary, HIVEW_BB_CHECKSUM, 7);
	b = buf(o.log, L1);
	rft_run_logs("untrusted, old log", o.primary, &b, 1,
	    EXP(RF("base.bad-checksum", 508), RF("base.dirty", 4), RFS("log.found", 0, L1),
		RF("log.recovers", 4)));
	/* the first bin is newer than the log */
	hivew_put64(o.primary, HIVEW_BASE + HIVEW_HBIN_TIME, HIVEW_TIMESTAMP + 1);
	rft_run_logs("untrusted, old log older than the first bin", o.primary, &b, 1,
	    EXP(RF("base.bad-checksum", 508), RF("base.dirty", 4), RFS("log.found", 0, L1),
		RFS("log.not-applicable", 4, L1), RF("log.missing", 4)));
	/* equal sequence numbers: still dirty (the checksum), no base.dirty */
	hivew_put32(o.primary, HIVEW_BB_SEQ2, 9);
	rft_run_logs("untrusted, equal sequence numbers", o.primary, NULL, 0,
	    EXP(RF("base.bad-checksum", 508), RF("log.missing", 4)));
	oldlog_free(&o);
	/* new format: entries below the (untrusted) secondary number count */
	newlog_make(&n);
	hivew_set_seq(n.primary, 20, 19);
	hivew_put32(n.primary, HIVEW_BB_CHECKSUM, 7);
	b = buf(n.log, L1);
	rft_run_logs("untrusted, new log", n.primary, &b, 1,
	    EXP(RF("base.bad-checksum", 508), RF("base.dirty", 4), RFS("log.found", 512, L1),
		RF("log.recovers", 4)));
	/* with checksums off the hive is trusted again by the scan, but the
	 * logs are judged by the base block as it is */
	newlog_free(&n);
}

/* hbins data above 2 080 768 bytes: the DIRT bitmap outgrows the first
 * sector and the pages start at 1536 (regf.md 3.4; regipy assumes 1024). */
static void
test_old_log_long_bitmap(void **state)
{
	hivew *h = hivew_new("ROOT");
	hivew_img *stale, *target, *primary, *log;
	uint8_t *p = malloc(2200000);
	comscan_buffer b;
	size_t i;
	(void)state;
	assert_non_null(p);
	for (i = 0; i < 2200000; i++)
		p[i] = (uint8_t)(i ^ (i >> 9));
	stale = hivew_build(h);
	(void)hivew_value_add(h, HIVEW_ROOT, "huge", HIVEW_REG_BINARY, p, 2200000);
	target = hivew_build(h);
	free(p);
	hivew_free(h);
	assert_true(hivew_get32(target, HIVEW_BB_HBINS_SIZE) > 2080768);
	hivew_dirty_pair(target, stale, 1, &primary, &log);
	assert_int_equal(log->len, 1536 + hivew_get32(target, HIVEW_BB_HBINS_SIZE));
	b = buf(log, L1);
	rft_run_logs("bitmap past 1024", primary, &b, 1,
	    EXP(RF("base.dirty", 4), RFS("log.found", 0, L1), RF("log.recovers", 4)));
	/* a log laid out as if the pages started at 1024 is cut */
	hivew_truncate(log, log->len - 512);
	b = buf(log, L1);
	rft_run_logs("bitmap past 1024, one sector short", primary, &b, 1,
	    EXP(RF("base.dirty", 4), RFS("log.invalid", 512, L1), RF("log.missing", 4)));
	hivew_img_free(stale);
	hivew_img_free(target);
	hivew_img_free(primary);
	hivew_img_free(log);
}

/* Mixed formats: an old LOG1 and a new LOG2 (a hive moved between
 * Windows versions). */
static void
test_mixed_logs(void **state)
{
	oldlog o;
	hivew_img *l2;
	comscan_buffer b[2];
	(void)state;
	oldlog_make(&o);
	l2 = hivew_log_new(o.target, 8);
	(void)hivew_log_new_entry(l2, o.target, o.stale, 8);
	b[0] = buf(o.log, L1);
	b[1] = buf(l2, L2);
	rft_run_logs("old LOG1, new LOG2", o.primary, b, 2,
	    EXP(RF("base.dirty", 4), RFS("log.found", 0, L1), RFS("log.found", 512, L2),
		RF("log.recovers", 4)));
	hivew_img_free(l2);
	oldlog_free(&o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_log_valid),
		cmocka_unit_test(test_new_log_bad_second_entry),
		cmocka_unit_test(test_new_log_bad_only_entry),
		cmocka_unit_test(test_new_log_stale),
		cmocka_unit_test(test_new_two_logs),
		cmocka_unit_test(test_new_log_page_refs),
		cmocka_unit_test(test_log_base_blocks),
		cmocka_unit_test(test_dirty_and_clean),
		cmocka_unit_test(test_scan_hive_arguments),
		cmocka_unit_test(test_old_log),
		cmocka_unit_test(test_old_log_timestamp),
		cmocka_unit_test(test_logs_untrusted_hive),
		cmocka_unit_test(test_old_log_long_bitmap),
		cmocka_unit_test(test_mixed_logs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
