#include "config.h"
#include <stdio.h>
int main(void)
{
	fputs("wrun: not built yet\n", stderr);
	return 2;
}
