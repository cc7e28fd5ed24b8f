/*
 * minimal.c - the smallest useful program on libcomscan's public API: it
 * maps a COM+ catalog (or PE image), a .reg export and a registry hive,
 * prints every finding of each, then the COM classes the two registration
 * dumps register together.  Exit status: 0 all healthy, 1 a finding of
 * severity error, 2 usage or I/O error.
 *
 *   cc minimal.c $(pkg-config --cflags --libs comscan) -o minimal
 *   ./minimal catalog.clb export.reg SOFTWARE
 */
#include <stdio.h>
#include <string.h>

#include <comscan/comscan.h>

/* Prints the findings of one input; returns 1 when one is an error. */
static int
print_findings(const char *what, const comscan_findings *fs)
{
	size_t i;
	printf("%s: %s, %zu finding(s)\n", what,
	    comscan_verdict_name(comscan_findings_verdict(fs)), comscan_findings_count(fs));
	for (i = 0; i < comscan_findings_count(fs); i++) {
		const comscan_finding *f = comscan_findings_at(fs, i);
		printf("  %-7s %-20s %s: %s\n", comscan_severity_name(f->severity),
		    comscan_class_name(f->cls), f->code, f->message);
	}
	return comscan_findings_verdict(fs) == COMSCAN_VERDICT_CORRUPT;
}

int
main(int argc, char **argv)
{
	comscan_file *files[3] = { NULL, NULL, NULL };
	comscan_clb *clb = NULL;
	comscan_registry *reg = NULL;
	comscan_com *com = NULL;
	comscan_com_input inputs[2];
	int corrupt = 0, failed = 0, i;
	size_t k;
	if (argc != 4) {
		fputs("usage: minimal CATALOG REG HIVE\n", stderr);
		return 2;
	}
	for (i = 0; i < 3; i++)
		if (comscan_file_open(argv[i + 1], NULL, &files[i]) != COMSCAN_OK) {
			fprintf(stderr, "minimal: cannot read %s\n", argv[i + 1]);
			while (i-- > 0)
				comscan_file_close(files[i]);
			return 2;
		}
	/* a catalog or PE image: every check runs in open; a status other
	 * than OK is no verdict on the input (here only exhausted memory) */
	if (comscan_clb_open(comscan_file_data(files[0]), comscan_file_size(files[0]), NULL, &clb) !=
	    COMSCAN_OK) {
		fputs("minimal: out of memory\n", stderr);
		failed = 1;
	} else {
		corrupt |= print_findings(argv[1], comscan_clb_findings(clb));
	}
	/* a registration dump (.reg or hive, by content): its own findings */
	for (i = 1; i < 3; i++) {
		if (comscan_registry_open(comscan_file_data(files[i]), comscan_file_size(files[i]), NULL,
		        &reg) != COMSCAN_OK) {
			fputs("minimal: out of memory\n", stderr);
			failed = 1;
		} else {
			comscan_kind kind = comscan_registry_kind(reg);
			if (kind != COMSCAN_KIND_REG && kind != COMSCAN_KIND_REGF)
				printf("%s: not a registry dump (%s)\n", argv[i + 1], comscan_kind_name(kind));
			else
				printf("%s: %zu keys, %zu values\n", argv[i + 1],
				    comscan_registry_key_count(reg), comscan_registry_value_count(reg));
			corrupt |= print_findings(argv[i + 1], comscan_registry_findings(reg));
		}
		comscan_registry_close(reg);
		reg = NULL;
		inputs[i - 1].data = comscan_file_data(files[i]);
		inputs[i - 1].size = comscan_file_size(files[i]);
		inputs[i - 1].name = argv[i + 1];
	}
	/* the COM model of both dumps, merged */
	if (comscan_com_build(inputs, 2, NULL, &com) != COMSCAN_OK) {
		fputs("minimal: out of memory\n", stderr);
		failed = 1;
	} else {
		for (k = 0; k < comscan_com_class_count(com); k++) {
			const comscan_com_class *c = comscan_com_class_at(com, k);
			printf("class %s %s -> %s\n", c->clsid, c->name ? c->name : "(no name)",
			    c->inproc_server ? c->inproc_server
			                     : c->local_server ? c->local_server : "(no server)");
		}
		corrupt |= print_findings("COM model", comscan_com_findings(com));
	}
	comscan_com_close(com);
	comscan_clb_close(clb);
	for (i = 0; i < 3; i++)
		comscan_file_close(files[i]);
	return failed ? 2 : corrupt;
}
