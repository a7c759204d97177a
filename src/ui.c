/* ui.c - placeholder until the interface lands (issue 3). */
#include "config.h"

#include "ui.h"

int ui_run(const struct wr_server *srv, struct api *api, const struct ui_opts *opts)
{
	(void)srv;
	(void)api;
	(void)opts;
	fputs("wrun: the interactive interface is not built yet; use a subcommand:\n"
	      "workers, history or rerun (see wrun --help)\n", stderr);
	return 2;
}

void ui_print_keys_man(FILE *f)
{
	(void)f;
}
