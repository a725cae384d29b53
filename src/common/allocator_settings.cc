// jemalloc's settings, compiled into each executable that allocates through it (jemalloc reads
// this symbol at start-up; MALLOC_CONF in the environment still overrides it).
// Huge pages: a query reads a few hundred places in an index of a hundred megabytes or more, and
// with 4 KiB pages nearly every read also misses the TLB. 2 MiB pages made single-thread
// screening 1.1-1.5x as fast and halved the cost of the first query after an idle second
// (docs/BENCHMARKS.md, "Huge pages").
extern "C" {
// NOLINTNEXTLINE: the name is jemalloc's
const char* malloc_conf = "thp:always,metadata_thp:auto";
}
