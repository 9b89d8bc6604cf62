# Install rules, the CMake package (newsdexConfig.cmake and friends) and the
# pkg-config file. Included from the top-level CMakeLists.txt when
# NEWSDEX_INSTALL is on.
#
# Layout under the prefix (GNU directories):
#   include/newsdex/*.hpp                       public headers, incl. version.hpp and export.hpp
#   LIBDIR/libnewsdex.so.X.Y.Z (+ .so.X.Y, .so) the shared library
#   LIBDIR/libnewsdex.a                         the static library
#   LIBDIR/cmake/newsdex/                       find_package(newsdex) files
#   LIBDIR/pkgconfig/newsdex.pc                 pkg-config file
#   bin/newsdex-index, bin/newsdex-search       the executables (RPATH $ORIGIN/../LIBDIR)
#   share/newsdex/boilerplate.conf, synonyms.conf  read by the library (NEWSDEX_INSTALL_DATA_DIR)
#   share/newsdex/systemd/newsdex-update.*      user units for `newsdex-index update`
#   MANDIR/man1/newsdex-index.1, newsdex-search.1  manual pages (MANDIR: share/man)
#   MANDIR/man7/newsdex-query.7                 the query language
#   share/bash-completion/completions/newsdex-index, newsdex-search
#                                               bash completions, loaded on first use
#   share/zsh/vendor-completions/_newsdex-index, _newsdex-search
#                                               zsh completions (in Debian's zsh $fpath
#                                               for a /usr install)

include(CMakePackageConfigHelpers)
set(NEWSDEX_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/newsdex)

install(FILES ${NEWSDEX_PUBLIC_HEADERS}
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/newsdex COMPONENT newsdex_development)

# Two export sets: the shared library needs nothing from a consumer's
# system at configure time, the static one needs its dependencies found (see
# newsdexConfig.cmake.in), so a consumer can load the first alone.
install(TARGETS newsdex EXPORT newsdexTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
          COMPONENT newsdex_runtime NAMELINK_COMPONENT newsdex_development)
install(TARGETS newsdex_static EXPORT newsdexStaticTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT newsdex_development)
install(TARGETS newsdex-index newsdex-search
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT newsdex_runtime)

install(FILES data/boilerplate.conf data/synonyms.conf
        DESTINATION ${NEWSDEX_INSTALL_DATA_DIR} COMPONENT newsdex_runtime)
# The service file names /usr/local/bin/newsdex-index; the installed copy
# names the binary where this install puts it.
file(READ data/systemd/newsdex-update.service NEWSDEX_SERVICE)
string(REPLACE "/usr/local/bin/newsdex-index" "${CMAKE_INSTALL_FULL_BINDIR}/newsdex-index"
       NEWSDEX_SERVICE "${NEWSDEX_SERVICE}")
file(CONFIGURE OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/systemd/newsdex-update.service
     CONTENT "${NEWSDEX_SERVICE}" @ONLY)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
             ${CMAKE_CURRENT_SOURCE_DIR}/data/systemd/newsdex-update.service)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/systemd/newsdex-update.service
              data/systemd/newsdex-update.timer
        DESTINATION ${NEWSDEX_INSTALL_DATA_DIR}/systemd COMPONENT newsdex_runtime)

install(EXPORT newsdexTargets NAMESPACE newsdex:: FILE newsdexTargets.cmake
        DESTINATION ${NEWSDEX_CMAKE_DIR} COMPONENT newsdex_development)
install(EXPORT newsdexStaticTargets NAMESPACE newsdex:: FILE newsdexStaticTargets.cmake
        DESTINATION ${NEWSDEX_CMAKE_DIR} COMPONENT newsdex_development)

configure_package_config_file(cmake/newsdexConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/newsdexConfig.cmake
  INSTALL_DESTINATION ${NEWSDEX_CMAKE_DIR})
# SameMinorVersion while newsdex is 0.x: a minor release may break the API
# (the soname says so too), so find_package(newsdex 0.1) accepts 0.1.x only,
# never 0.2. At 1.0 this becomes SameMajorVersion.
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/newsdexConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/newsdexConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/newsdexConfigVersion.cmake
        DESTINATION ${NEWSDEX_CMAKE_DIR} COMPONENT newsdex_development)

# pkg-config. The prefix is written relative to the .pc file (${pcfiledir}),
# so `cmake --install --prefix DIR` and moved trees work; absolute
# CMAKE_INSTALL_{LIB,INCLUDE}DIR values are used as they are.
set(NEWSDEX_PC_DIR ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(NEWSDEX_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
  file(RELATIVE_PATH NEWSDEX_PC_TO_PREFIX ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig ${CMAKE_INSTALL_PREFIX})
  string(REGEX REPLACE "/$" "" NEWSDEX_PC_TO_PREFIX "${NEWSDEX_PC_TO_PREFIX}")
  set(NEWSDEX_PC_PREFIX "\${pcfiledir}/${NEWSDEX_PC_TO_PREFIX}")
endif()
foreach(dir LIBDIR INCLUDEDIR)
  if(IS_ABSOLUTE "${CMAKE_INSTALL_${dir}}")
    set(NEWSDEX_PC_${dir} "${CMAKE_INSTALL_${dir}}")
  else()
    set(NEWSDEX_PC_${dir} "\${prefix}/${CMAKE_INSTALL_${dir}}")
  endif()
endforeach()
configure_file(cmake/newsdex.pc.in ${CMAKE_CURRENT_BINARY_DIR}/newsdex.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/newsdex.pc
        DESTINATION ${NEWSDEX_PC_DIR} COMPONENT newsdex_development)

# Manual pages and shell completions (man/, completions/; tests/docs_test.sh
# keeps them in step with the executables' --help). bash-completion finds a
# command's completion by the command's name, so the .bash files are renamed.
install(FILES man/newsdex-index.1 man/newsdex-search.1
        DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT newsdex_runtime)
install(FILES man/newsdex-query.7
        DESTINATION ${CMAKE_INSTALL_MANDIR}/man7 COMPONENT newsdex_runtime)
foreach(tool newsdex-index newsdex-search)
  install(FILES completions/${tool}.bash RENAME ${tool}
          DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions COMPONENT newsdex_runtime)
endforeach()
install(FILES completions/_newsdex-index completions/_newsdex-search
        DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions COMPONENT newsdex_runtime)
