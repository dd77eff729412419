# The installed programs, as a person gets them: `cmake --install` into a fresh prefix puts
# every file in its place, and the installed dwn finds the installed model by itself; the .deb
# that cpack makes holds the same files and depends on runtime packages only.
#
# cmake -DBUILD=<build dir> -DSOURCE=<source dir> -DWORK=<scratch dir> -DPART=install|package -P
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE ${WORK})
set(app_id org.detectwrittennumber.DetectWrittenNumber)
set(files
  bin/dwn
  bin/detect-written-number
  lib/detect-written-number/libdwn-torch.so
  share/detect-written-number/models/dwn.pt
  share/detect-written-number/models/data.json
  share/applications/${app_id}.desktop
  share/icons/hicolor/scalable/apps/${app_id}.svg
  share/metainfo/${app_id}.metainfo.xml
  share/man/man1/dwn.1
  share/man/man1/detect-written-number.1
  share/detect-written-number/translations/detect-written-number_ru.qm)

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  set(out "${out}" PARENT_SCOPE)
  set(rc "${rc}" PARENT_SCOPE)
  set(err "${err}" PARENT_SCOPE)
endfunction()

if(PART STREQUAL "install")
  set(prefix ${WORK}/prefix)
  run(${CMAKE_COMMAND} --install ${BUILD} --prefix ${prefix})
  if(rc)
    message(FATAL_ERROR "cmake --install failed: ${err}")
  endif()
  foreach(f ${files})
    if(NOT EXISTS ${prefix}/${f})
      message(FATAL_ERROR "not installed: ${f}")
    endif()
  endforeach()
  run(${prefix}/bin/dwn recognize ${SOURCE}/tests/data/seven.png)
  if(NOT out STREQUAL "[INFO]\tUser painted '7'\n")
    message(FATAL_ERROR "the installed dwn said: ${out}${err}")
  endif()
  run(${prefix}/bin/dwn eval --numbers ${SOURCE}/tests/data/evalset/numbers --out ${WORK}/out)
  if(NOT out MATCHES "Model ${prefix}/share/detect-written-number/models/dwn.pt")
    message(FATAL_ERROR "the installed dwn did not use the installed model: ${out}${err}")
  endif()
  message(STATUS "installed into ${prefix}; the installed dwn reads with the installed model")
elseif(PART STREQUAL "package")
  run(cpack --config ${BUILD}/CPackConfig.cmake -B ${WORK})
  if(rc)
    message(FATAL_ERROR "cpack failed: ${out}${err}")
  endif()
  file(GLOB debs ${WORK}/detect-written-number_*.deb)
  list(LENGTH debs count)
  if(NOT count EQUAL 1)
    message(FATAL_ERROR "expected one .deb in ${WORK}, found: ${debs}")
  endif()
  run(dpkg-deb -f ${debs} Depends)
  set(depends "${out}")
  if(depends MATCHES "-dev[ ,(\n]" OR NOT depends MATCHES "libtorch" OR NOT depends MATCHES "libqt6widgets6"
     OR NOT depends MATCHES "qt6-qpa-plugins")
    message(FATAL_ERROR "the package's dependencies are not the runtime ones: ${depends}")
  endif()
  run(dpkg-deb -c ${debs})
  foreach(f ${files})
    if(NOT out MATCHES " \\./usr/${f}\n")
      message(FATAL_ERROR "not in the package: /usr/${f}")
    endif()
  endforeach()
  message(STATUS "${debs}: depends on ${depends}")
else()
  message(FATAL_ERROR "PART is install or package")
endif()
