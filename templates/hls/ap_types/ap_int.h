// ap_int.h -- fhls's own ap_[u]int header (C simulation with g++ only).
// Written from the documented semantics of the Vitis HLS arbitrary precision
// types; used only when the real Vitis headers are not on the include path.
// Defines FHLS_OWN_AP_TYPES so generated code can tell which headers it got.
#ifndef FHLS_AP_INT_H
#define FHLS_AP_INT_H
#include "fhls_ap_impl.h"
#endif
