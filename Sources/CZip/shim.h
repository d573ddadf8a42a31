#ifndef FACTURO_CZIP_SHIM_H
#define FACTURO_CZIP_SHIM_H

// libzip (Debian libzip-dev): reads the zip flows suppliers send.
#include <zip.h>

#endif
