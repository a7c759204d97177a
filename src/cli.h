#ifndef WRUN_CLI_H
#define WRUN_CLI_H
#endif
