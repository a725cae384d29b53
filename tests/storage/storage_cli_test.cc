#include <gtest/gtest.h>
TEST(StorageCli, Placeholder) {}
