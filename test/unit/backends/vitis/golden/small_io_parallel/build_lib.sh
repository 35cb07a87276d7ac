#!/bin/sh
# build_lib.sh -- build myproject as a shared library for CPU use: libmyproject.so with
#   int myproject_predict(const double* x, double* y)   (see myproject_bridge.cpp)
# Uses Xilinx's headers when XILINX_HLS is set (a Vitis HLS installation), else fhls's own.
set -e
cd "$(dirname "$0")"
CXX=${CXX:-g++}
if [ -n "$XILINX_HLS" ]; then
  INCLUDES="-I$XILINX_HLS/include"
else
  INCLUDES="-Ifirmware/ap_types -DFHLS_OWN_AP_TYPES"
fi
$CXX -O2 -std=c++14 -fPIC -shared $INCLUDES firmware/myproject.cpp myproject_bridge.cpp -o libmyproject.so
echo "built libmyproject.so"
