// placeholder until the loaders land
#include <gtest/gtest.h>
