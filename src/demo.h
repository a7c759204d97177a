#ifndef WRUN_DEMO_H
#define WRUN_DEMO_H
#endif
