/*
 * fuzz_pe.c - harness for PE images carrying CLI metadata (a .NET
 * assembly, or the COM+ catalog inside a DLL).  An input starting with
 * "MZ" is the image; any other input is metadata, wrapped by the harness
 * in a valid PE32 image (tests/support/mdw.h pew_build: one .text section
 * with a CLI header pointing at it), so mutations of the metadata reach
 * the parser through the RVA mapping and the CLI header.
 *
 * Contracts checked, for any input:
 *   - scan and open succeed, keeping at most 16 findings (and the cap's
 *     own); findings agree with the catalogue; the container walk
 *     (fuzz_container.h) holds;
 *   - an "MZ" input is of kind PE; with PE headers, the sections listed
 *     are no more than it declares; located metadata lies inside the file;
 *   - a wrapped (non-empty) input is a PE with a CLI header and no pe.*
 *     finding; its metadata is found where the wrapper put it exactly
 *     when the bare container's is, with the same stream headers at file
 *     offsets shifted by the metadata's.
 */
#include "fuzz_container.h"
#include "support/mdw.h"

/* The wrapped image has no PE-level finding and locates the metadata
 * where the wrapper put it, with the stream headers the bare container
 * has.  (Findings about the metadata may differ: the image reader and the
 * complib reader disagree on duplicate streams and on extra data, clb.md.) */
static void
same_as_bare(const comscan_clb *wrapped, const comscan_clb_info *info, const uint8_t *md,
    size_t md_len, uint64_t metadata_off)
{
	const comscan_findings *fs = comscan_clb_findings(wrapped);
	comscan_clb *bare = NULL;
	comscan_clb_info binfo;
	comscan_clb_stream a, b;
	size_t i;
	for (i = 0; i < comscan_findings_count(fs); i++)
		FUZZ_REQUIRE(strncmp(comscan_findings_at(fs, i)->code, "pe.", 3) != 0);
	FUZZ_REQUIRE(comscan_clb_open(md, md_len, NULL, &bare) == COMSCAN_OK && bare != NULL);
	comscan_clb_get_info(bare, &binfo);
	FUZZ_REQUIRE(info->has_metadata == binfo.has_metadata);
	if (info->has_metadata) {
		FUZZ_REQUIRE(info->metadata_offset == metadata_off);
		FUZZ_REQUIRE(info->metadata_size == md_len && binfo.metadata_size == md_len);
		FUZZ_REQUIRE(comscan_clb_stream_count(wrapped) == comscan_clb_stream_count(bare));
		for (i = 0; comscan_clb_stream_at(bare, i, &b) == 0; i++) {
			FUZZ_REQUIRE(comscan_clb_stream_at(wrapped, i, &a) == 0);
			FUZZ_REQUIRE(strcmp(a.name, b.name) == 0 && a.offset == b.offset &&
			             a.size == b.size && a.in_bounds == b.in_bounds);
			FUZZ_REQUIRE(a.file_offset == b.file_offset + metadata_off);
		}
	}
	comscan_clb_close(bare);
}

/* Opens one image and checks what every PE must satisfy.  At most 16
 * findings are kept (max_findings), so the cap and its summary finding
 * are fuzzed too: scan and open must still agree. */
static void
check_image(const uint8_t *img, size_t len, comscan_pe_info *pi, comscan_clb_info *info,
    comscan_clb **out)
{
	comscan_report *r = NULL;
	comscan_clb *clb = NULL;
	comscan_options o;
	comscan_options_init(&o);
	o.limits.max_findings = 16;
	FUZZ_REQUIRE(comscan_scan_buffer(img, len, &o, &r) == COMSCAN_OK && r != NULL);
	fuzz_check_findings(comscan_report_findings(r));
	fuzz_render(r, img, len);
	FUZZ_REQUIRE(comscan_clb_open(img, len, &o, &clb) == COMSCAN_OK && clb != NULL);
	fuzz_check_findings(comscan_clb_findings(clb));
	FUZZ_REQUIRE(comscan_findings_count(comscan_report_findings(r)) <= 16 + 1);
	FUZZ_REQUIRE(comscan_clb_kind(clb) == comscan_report_kind(r));
	FUZZ_REQUIRE(comscan_findings_count(comscan_clb_findings(clb)) ==
	             comscan_findings_count(comscan_report_findings(r)));
	walk_container(clb);
	FUZZ_REQUIRE(comscan_clb_kind(clb) == COMSCAN_KIND_PE);
	if (comscan_clb_pe_info(clb, pi) == 0)
		FUZZ_REQUIRE(comscan_clb_pe_section_count(clb) <= pi->section_count);
	else
		memset(pi, 0, sizeof *pi);
	comscan_clb_get_info(clb, info);
	if (info->has_metadata)
		FUZZ_REQUIRE(info->metadata_offset <= len &&
		             info->metadata_size <= len - info->metadata_offset);
	comscan_report_close(r);
	*out = clb;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	comscan_pe_info pi;
	comscan_clb_info info;
	comscan_clb *clb = NULL;
	pew_layout lay;
	uint8_t *img;
	size_t len;

	if (size >= 2 && data[0] == 'M' && data[1] == 'Z') {
		check_image(data, size, &pi, &info, &clb);
		comscan_clb_close(clb);
		return 0;
	}
	if (size == 0)
		return 0; /* an empty metadata directory: pe.cli.no-metadata */
	img = pew_build(data, size, NULL, &len, &lay);
	FUZZ_REQUIRE(img != NULL);
	check_image(img, len, &pi, &info, &clb);
	FUZZ_REQUIRE(pi.has_cli && pi.metadata_size == size);
	same_as_bare(clb, &info, data, size, lay.metadata_off);
	comscan_clb_close(clb);
	free(img);
	return 0;
}
