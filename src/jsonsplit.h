/* jsonsplit.h - placeholder */
#ifndef WRUN_JSONSPLIT_H
#define WRUN_JSONSPLIT_H
#endif
