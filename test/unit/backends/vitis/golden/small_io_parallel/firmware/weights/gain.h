// gain: operand b, row-major
// shape [2, 1], 2 values of ap_fixed<16,6> (32 bits); values are exact.
#ifndef WEIGHTS_GAIN_H
#define WEIGHTS_GAIN_H

static const gain_t gain[2] = {
    0.75, -1.5
};

#endif  // WEIGHTS_GAIN_H
