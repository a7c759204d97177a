/* demo.h - wrun --demo: the bundled Workers simulator as a child process.
 *
 * Starts the simulator (Python standard library only) with its built-in
 * dataset on a free loopback port, with a throwaway token that lives only in
 * memory and in the child's environment, and stops it on exit. The child
 * also dies with wrun (PR_SET_PDEATHSIG), so a crash leaves nothing behind.
 */
#ifndef WRUN_DEMO_H
#define WRUN_DEMO_H

#include <stdbool.h>
#include <sys/types.h>

#include "conf.h"
#include "error.h"

struct demo {
	pid_t pid;
	char dir[64];   /* private temporary folder: port file, simulator log */
	char url[64];   /* http://127.0.0.1:PORT */
	char token[33]; /* throwaway, random */
};

/* Starts the simulator and fills d; false with err when it could not. */
bool demo_start(struct demo *d, struct wr_error *err);
/* Stops the simulator and removes its folder. Safe to call twice. */
void demo_stop(struct demo *d);
/* Where the simulator script is looked for, in order: $WRUN_SIM (returned
 * as it is), next to the binary (../tests/sim/ for a build tree,
 * ../share/wrun/ for a relocated install, from /proc/self/exe), the
 * installed copy in pkgdatadir. Returns the first that exists, or NULL.
 * No path fixed at build time is used. */
const char *demo_sim_path(void);

#endif
