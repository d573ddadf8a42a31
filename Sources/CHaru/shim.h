#ifndef FACTURO_CHARU_SHIM_H
#define FACTURO_CHARU_SHIM_H

// libharu (Debian libhpdf-dev): writes the readable PDF of an invoice.
#include <hpdf.h>

#endif
