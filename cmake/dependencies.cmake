# Every third-party library comes from Debian 12 (scripts/install-deps.sh installs them).
find_package(PkgConfig REQUIRED)
pkg_check_modules(ICU REQUIRED IMPORTED_TARGET icu-uc icu-i18n)
pkg_check_modules(CURL REQUIRED IMPORTED_TARGET libcurl)
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3)
pkg_check_modules(ARGON2 REQUIRED IMPORTED_TARGET libargon2)  # workbench passwords (Argon2id)
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)  # the tests' HTTP client
find_package(pugixml REQUIRED)
find_package(nlohmann_json REQUIRED)
find_package(CLI11 REQUIRED)
find_package(ZLIB REQUIRED)
find_package(OpenSSL REQUIRED COMPONENTS Crypto)  # SHA-256
find_package(Threads REQUIRED)
find_package(PostgreSQL REQUIRED)
find_package(Boost 1.74 REQUIRED)  # header-only: Beast and Asio, the HTTP server
include(GNUInstallDirs)
pkg_check_modules(HIREDIS REQUIRED IMPORTED_TARGET hiredis)
pkg_check_modules(RDKAFKA REQUIRED IMPORTED_TARGET rdkafka)
# The executables allocate through jemalloc: screening makes many small, short-lived allocations
# on several threads (docs/BENCHMARKS.md, "jemalloc"). Not under the sanitizers, which bring
# their own allocator. Each executable also gets jemalloc's settings (huge pages).
option(EMBARGO_JEMALLOC "Link the executables with jemalloc" ON)
set(EMBARGO_ALLOCATOR "")
if(EMBARGO_JEMALLOC AND NOT CMAKE_CXX_FLAGS MATCHES "sanitize")
  pkg_check_modules(JEMALLOC REQUIRED IMPORTED_TARGET jemalloc)
  add_library(embargo_allocator INTERFACE)
  target_sources(embargo_allocator INTERFACE ${PROJECT_SOURCE_DIR}/src/common/allocator_settings.cc)
  target_link_libraries(embargo_allocator INTERFACE PkgConfig::JEMALLOC)
  set(EMBARGO_ALLOCATOR embargo_allocator)
endif()
