# embargo_embed(TEMPLATE OUTPUT VARIABLE FILE [VARIABLE FILE ...]): reads each FILE into its VARIABLE
# and configures the C++ TEMPLATE (src/...cc.in) into OUTPUT under the build's generated/ folder,
# re-run when a FILE changes.
# Data compiled into the binary this way: legal forms, the geographic policy, the CHPL, the OpenAPI
# document and the decision store's migrations.
function(embargo_embed template output)
  set(pairs ${ARGN})
  while(pairs)
    list(POP_FRONT pairs variable file)
    file(READ ${file} content)
    set(${variable} "${content}")
    set_property(DIRECTORY ${PROJECT_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${file})
  endwhile()
  configure_file(${template} ${PROJECT_BINARY_DIR}/generated/${output} @ONLY)
  target_sources(embargo_lib PRIVATE ${PROJECT_BINARY_DIR}/generated/${output})
endfunction()
