/* main.c: entry point of mail-checkup-cli.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mc-cli.h"

int
main (int   argc,
      char *argv[])
{
  return mc_cli_main (argc, argv);
}
