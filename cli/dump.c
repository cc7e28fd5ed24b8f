/*
 * dump.c - `comscan dump [--format text|tsv|reg] FILE`.
 *
 * text (the default): the structure of a catalog or image (PE headers,
 * streams with offsets and sizes, tables with row counts), a hive's base
 * block fields, the size of a registry dump, then the same report `scan`
 * prints.  tsv and reg: the
 * keys and values of a registry dump only, on stdout (docs/tsv.md); a
 * one-line summary of any findings goes to stderr.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void
dump_pe(const comscan_clb *clb)
{
	comscan_pe_info pi;
	comscan_pe_section s;
	size_t i;
	if (comscan_clb_pe_info(clb, &pi) != 0)
		return;
	printf("pe: %s, machine 0x%04x, %u sections declared\n", pi.pe32plus ? "PE32+" : "PE32",
	    pi.machine, pi.section_count);
	for (i = 0; comscan_clb_pe_section_at(clb, i, &s) == 0; i++)
		printf("  section %-8s  va 0x%08" PRIx32 "  vsize 0x%08" PRIx32 "  raw 0x%08" PRIx32
		       "  rawsize 0x%08" PRIx32 "  flags 0x%08" PRIx32 "\n",
		    s.name, s.virtual_address, s.virtual_size, s.raw_offset, s.raw_size,
		    s.characteristics);
	if (pi.cli_rva == 0 && pi.cli_size == 0)
		printf("cli: none (native image)\n");
	else if (pi.has_cli)
		printf("cli: header at rva 0x%" PRIx32 " (%" PRIu32 " bytes), runtime %u.%u, "
		       "flags 0x%08" PRIx32 ", metadata rva 0x%" PRIx32 " size 0x%" PRIx32 "\n",
		    pi.cli_rva, pi.cli_size, pi.runtime_major, pi.runtime_minor, pi.cli_flags,
		    pi.metadata_rva, pi.metadata_size);
	else
		printf("cli: directory rva 0x%" PRIx32 " size 0x%" PRIx32 " (unreadable)\n",
		    pi.cli_rva, pi.cli_size);
}

static void
dump_metadata(const comscan_clb *clb)
{
	comscan_clb_info info;
	comscan_clb_stream s;
	comscan_clb_table t;
	size_t i;
	comscan_clb_get_info(clb, &info);
	if (!info.has_metadata)
		return;
	printf("metadata: file offset 0x%" PRIx64 ", 0x%" PRIx64 " bytes, version %u.%u \"%s\", "
	       "storage flags 0x%02x, extra data %" PRIu32 " bytes, %" PRIu32 " streams\n",
	    info.metadata_offset, info.metadata_size, info.major, info.minor, info.version,
	    info.storage_flags, info.extra_data_size, info.stream_count);
	for (i = 0; comscan_clb_stream_at(clb, i, &s) == 0; i++)
		printf("  stream %-10s offset 0x%08" PRIx32 "  size 0x%08" PRIx32
		       "  file 0x%08" PRIx64 "%s%s\n",
		    s.name, s.offset, s.size, s.file_offset, s.in_bounds ? "" : "  OUT OF BOUNDS",
		    s.used ? "" : "  (unused)");
	if (!info.has_tables)
		return;
	printf("tables: %s schema %u.%u, HeapSizes 0x%02x, Valid 0x%016" PRIx64
	       ", Sorted 0x%016" PRIx64 "\n",
	    info.table_stream, info.tables_major, info.tables_minor, info.heap_sizes,
	    info.valid_mask, info.sorted_mask);
	for (i = 0; comscan_clb_table_at(clb, i, &t) == 0; i++) {
		printf("  0x%02x %-24s %8" PRIu32 " rows", t.id, t.name, t.rows);
		if (t.row_size)
			printf(" x %2" PRIu32 " bytes", t.row_size);
		if (t.file_offset != COMSCAN_NO_OFFSET)
			printf("  at 0x%08" PRIx64, t.file_offset);
		printf("%s%s\n", t.sorted ? "  sorted" : "", t.readable ? "" : "  UNREADABLE");
	}
}

/* FILETIME t (100 ns since 1601-01-01) as ISO 8601 UTC, into out[32]. */
static void
format_filetime(uint64_t t, char out[32])
{
	/* days since 1601-01-01 to a civil date (proleptic Gregorian; the
	 * 400-year cycle starts on 1601-01-01) */
	uint64_t secs = t / 10000000u, days = secs / 86400u, rem = secs % 86400u;
	uint64_t year = 1601 + 400 * (days / 146097u), d = days % 146097u;
	static const unsigned mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	unsigned month = 0;
	for (;;) {
		bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
		unsigned ylen = leap ? 366u : 365u;
		if (d < ylen)
			break;
		d -= ylen;
		year++;
	}
	for (;;) {
		bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
		unsigned mlen = mdays[month] + (month == 1 && leap);
		if (d < mlen)
			break;
		d -= mlen;
		month++;
	}
	snprintf(out, 32, "%04" PRIu64 "-%02u-%02uT%02u:%02u:%02uZ", year, month + 1,
	    (unsigned)d + 1, (unsigned)(rem / 3600), (unsigned)(rem / 60 % 60), (unsigned)(rem % 60));
}

/* The base block of a hive, as stored. */
static void
dump_hive(const comscan_file *f)
{
	comscan_hive_info hi;
	char when[32];
	if (comscan_hive_get_info(comscan_file_data(f), comscan_file_size(f), &hi) != 0)
		return;
	format_filetime(hi.timestamp, when);
	printf("hive: version %" PRIu32 ".%" PRIu32 ", file type %" PRIu32 " (%s), format %" PRIu32
	       ", written %s\n",
	    hi.major, hi.minor, hi.file_type,
	    hi.file_type == 0   ? "primary"
	    : hi.file_type == 6 ? "new-format log"
	    : hi.file_type == 1 || hi.file_type == 2 ? "old-format log"
	                                         : "unknown",
	    hi.file_format, when);
	printf("  sequence %" PRIu32 "/%" PRIu32 "%s, checksum 0x%08" PRIx32 " (%s 0x%08" PRIx32 ")\n",
	    hi.seq1, hi.seq2, hi.seq1 == hi.seq2 ? "" : " (dirty)", hi.checksum,
	    hi.checksum == hi.checksum_computed ? "matches" : "MISMATCH, computed", hi.checksum_computed);
	printf("  root cell 0x%" PRIx32 ", hive bins 0x%" PRIx32 " bytes, clustering %" PRIu32
	       ", file name \"%s\"\n",
	    hi.root, hi.bins_size, hi.clustering, hi.file_name);
}

#define DUMP_USAGE "usage: comscan dump [--format text|tsv|reg] [OPTIONS] FILE\n" CLI_COMMON_USAGE

/* A one-line summary on stderr when a data dump's input has findings. */
static void
summarize(const char *path, const comscan_findings *fs)
{
	size_t ne = comscan_findings_tally(fs, COMSCAN_SEVERITY_ERROR);
	size_t nw = comscan_findings_tally(fs, COMSCAN_SEVERITY_WARNING);
	if (ne + nw == 0)
		return;
	fputs("comscan: ", stderr);
	cli_put_path(stderr, path);
	fprintf(stderr, ": %s, %zu error%s, %zu warning%s (comscan scan for details)\n",
	    comscan_verdict_name(comscan_findings_verdict(fs)), ne, ne == 1 ? "" : "s", nw,
	    nw == 1 ? "" : "s");
}

/* Exit status of a data dump: its verdict, after a summary on stderr. */
static int
dump_status(const char *path, const comscan_findings *fs)
{
	summarize(path, fs);
	return comscan_findings_verdict(fs) == COMSCAN_VERDICT_HEALTHY ? EXIT_HEALTHY : EXIT_CORRUPT;
}

static bool
is_registry(comscan_kind kind)
{
	return kind == COMSCAN_KIND_REG || kind == COMSCAN_KIND_REGF;
}

#define NOT_REGISTRY "--format tsv and reg need a registry dump (a .reg file or a hive)"

/* --format tsv: streamed (a hive is never held in memory as a tree). */
static int
dump_tsv(const char *path, comscan_file *f, const comscan_options *opts)
{
	comscan_report *r = NULL;
	comscan_status st = comscan_registry_dump_tsv(comscan_file_data(f), comscan_file_size(f), opts,
	    cli_sink_file, stdout, &r);
	int rc;
	if (st == COMSCAN_ERR_OUTPUT)
		return EXIT_USAGE; /* cmd_dump says why */
	if (st != COMSCAN_OK) {
		cli_path_error(path, comscan_status_message(st));
		return EXIT_USAGE;
	}
	if (!is_registry(comscan_report_kind(r))) {
		cli_path_error(path, NOT_REGISTRY);
		comscan_report_close(r);
		return EXIT_USAGE;
	}
	rc = dump_status(path, comscan_report_findings(r));
	comscan_report_close(r);
	return rc; /* cmd_dump checks the output */
}

/* --format reg: the canonical .reg of the registry tree on stdout. */
static int
dump_reg(const char *path, comscan_file *f, const comscan_options *opts)
{
	comscan_registry *r = NULL;
	comscan_status st = comscan_registry_open(comscan_file_data(f), comscan_file_size(f), opts, &r);
	int rc, w;
	if (st != COMSCAN_OK) {
		cli_path_error(path, comscan_status_message(st));
		return EXIT_USAGE;
	}
	if (!is_registry(comscan_registry_kind(r))) {
		cli_path_error(path, NOT_REGISTRY);
		comscan_registry_close(r);
		return EXIT_USAGE;
	}
	w = comscan_registry_write_reg(r, cli_sink_file, stdout);
	rc = dump_status(path, comscan_registry_findings(r));
	comscan_registry_close(r);
	if (w != 0 && cli_output_ok()) {
		/* the writer failed without a stream error: memory ran out */
		fputs("comscan: out of memory\n", stderr);
		return EXIT_USAGE;
	}
	return rc; /* cmd_dump checks the output */
}

/* --format text: structure, then the report. */
static int
dump_text(const char *path, comscan_file *f, const comscan_options *opts)
{
	comscan_report *r = NULL;
	comscan_clb *clb = NULL;
	comscan_registry *reg = NULL;
	comscan_status st;
	comscan_kind kind = COMSCAN_KIND_UNKNOWN;
	int rc;
	st = comscan_scan_buffer(comscan_file_data(f), comscan_file_size(f), opts, &r);
	if (st == COMSCAN_OK) {
		kind = comscan_report_kind(r);
		if (kind == COMSCAN_KIND_CLB || kind == COMSCAN_KIND_PE)
			st = comscan_clb_open(comscan_file_data(f), comscan_file_size(f), opts, &clb);
		else if (is_registry(kind))
			st = comscan_registry_open(comscan_file_data(f), comscan_file_size(f), opts, &reg);
	}
	if (st != COMSCAN_OK) {
		cli_path_error(path, comscan_status_message(st));
		comscan_report_close(r);
		comscan_clb_close(clb);
		return EXIT_USAGE;
	}
	fputs("file: ", stdout);
	cli_put_path(stdout, path);
	printf(", %zu bytes, kind %s\n", comscan_file_size(f), comscan_kind_name(kind));
	dump_pe(clb);
	dump_metadata(clb);
	if (kind == COMSCAN_KIND_REGF)
		dump_hive(f);
	if (reg != NULL)
		printf("registry: %zu keys, %zu values (comscan dump --format tsv lists them)\n",
		    comscan_registry_key_count(reg), comscan_registry_value_count(reg));
	printf("report:\n");
	comscan_render_text(r, path, cli_sink_file, stdout);
	rc = comscan_findings_verdict(comscan_report_findings(r)) == COMSCAN_VERDICT_HEALTHY
	         ? EXIT_HEALTHY
	         : EXIT_CORRUPT;
	comscan_registry_close(reg);
	comscan_clb_close(clb);
	comscan_report_close(r);
	return rc;
}

int
cmd_dump(int argc, char **argv)
{
	comscan_options opts;
	const char *path, *format = "text";
	comscan_file *f;
	int rc, i, lim;
	if (cli_help(argc, argv, DUMP_USAGE))
		return EXIT_HEALTHY;
	comscan_options_init(&opts);
	for (i = 1; i < argc - 1; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		if (strcmp(argv[i], "--format") == 0 && i + 1 < argc - 1) {
			format = argv[++i];
			continue;
		}
		lim = cli_common_option(argc, argv, &i, &opts);
		if (lim <= 0) {
			if (lim == 0)
				fprintf(stderr, "comscan dump: unknown option '%s'\n", argv[i]);
			fputs(DUMP_USAGE, stderr);
			return EXIT_USAGE;
		}
	}
	if (i != argc - 1 || (strcmp(format, "text") != 0 && strcmp(format, "tsv") != 0 &&
				 strcmp(format, "reg") != 0)) {
		fputs(DUMP_USAGE, stderr);
		return EXIT_USAGE;
	}
	path = argv[i];
	f = cli_map(path);
	if (f == NULL)
		return EXIT_USAGE;
	if (strcmp(format, "text") == 0)
		rc = dump_text(path, f, &opts);
	else if (strcmp(format, "tsv") == 0)
		rc = dump_tsv(path, f, &opts);
	else
		rc = dump_reg(path, f, &opts);
	comscan_file_close(f);
	return cli_output_ok() ? rc : EXIT_USAGE;
}
