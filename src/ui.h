#ifndef WRUN_UI_H
#define WRUN_UI_H
#endif
