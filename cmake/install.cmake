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
#   lib/systemd/user/newsdex-update.*           systemd user units for `newsdex-index update`
#                                               (NEWSDEX_SYSTEMD_USER_UNIT_DIR)
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
# The systemd user units, where the user manager looks for them
# (systemd.unit(5), "User Unit Search Path": /usr/lib/systemd/user and
# /usr/local/lib/systemd/user). That is lib/, not LIBDIR (lib/x86_64-linux-gnu).
set(NEWSDEX_SYSTEMD_USER_UNIT_DIR lib/systemd/user CACHE STRING
    "Where cmake --install puts the systemd user units (relative to the prefix, or absolute)")
# data/systemd's service runs `/usr/bin/env newsdex-index` (for copies made by
# hand); the installed one names the installed binary, so it works whatever
# the user manager's PATH. The prefix is known only at install time
# (`cmake --install --prefix`), so the path is filled in then; without
# DESTDIR, which is where a package is staged, not where the binary runs.
install(CODE "
  set(bindir [[${CMAKE_INSTALL_BINDIR}]])
  if(NOT IS_ABSOLUTE \"\${bindir}\")
    set(bindir \"\${CMAKE_INSTALL_PREFIX}/\${bindir}\")
  endif()
  file(READ [[${CMAKE_CURRENT_SOURCE_DIR}/data/systemd/newsdex-update.service]] unit)
  string(REPLACE [[ExecStart=/usr/bin/env newsdex-index ]] \"ExecStart=\${bindir}/newsdex-index \"
         installed \"\${unit}\")
  if(installed STREQUAL unit)
    message(FATAL_ERROR [[data/systemd/newsdex-update.service has no 'ExecStart=/usr/bin/env newsdex-index ']])
  endif()
  file(WRITE [[${CMAKE_CURRENT_BINARY_DIR}/systemd/newsdex-update.service]] \"\${installed}\")
" COMPONENT newsdex_runtime)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/systemd/newsdex-update.service
              data/systemd/newsdex-update.timer
        DESTINATION ${NEWSDEX_SYSTEMD_USER_UNIT_DIR} COMPONENT newsdex_runtime)

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
