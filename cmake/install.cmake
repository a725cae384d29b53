# `cmake --install build --prefix P` installs the embargo command, libembargo.a, the public headers
# and a CMake package, so that another project can find_package(embargo) and link embargo::embargo
# (examples/find_package/ shows it, and a test builds it).
include(CMakePackageConfigHelpers)
install(TARGETS embargo RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS embargo_lib EXPORT embargoTargets ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY include/embargo DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY data/lists/ DESTINATION ${CMAKE_INSTALL_DATADIR}/embargo/lists)
set(EMBARGO_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/embargo)
install(EXPORT embargoTargets NAMESPACE embargo:: DESTINATION ${EMBARGO_CMAKE_DIR})
configure_package_config_file(cmake/embargoConfig.cmake.in ${PROJECT_BINARY_DIR}/embargoConfig.cmake
                              INSTALL_DESTINATION ${EMBARGO_CMAKE_DIR} PATH_VARS CMAKE_INSTALL_DATADIR)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/embargoConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/embargoConfig.cmake ${PROJECT_BINARY_DIR}/embargoConfigVersion.cmake
        DESTINATION ${EMBARGO_CMAKE_DIR})
