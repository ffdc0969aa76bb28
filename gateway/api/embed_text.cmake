# cmake -DIN=file -DOUT=header -DNAME=identifier -P embed_text.cmake
# Writes a header defining `inline constexpr char NAME[]` with IN's text as a raw
# string literal, so the binary carries the file (no path to find at run time).
file(READ "${IN}" text)
set(delim "postern_embed")
string(FIND "${text}" ")${delim}\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${IN} contains the raw-string delimiter )${delim}\"")
endif()
set(content "// Generated from ${IN} by embed_text.cmake: do not edit.\n#pragma once\n\n")
string(APPEND content "inline constexpr char ${NAME}[] = R\"${delim}(${text})${delim}\";\n")
# Only rewrite on change, so dependants rebuild only when the text changed.
if(EXISTS "${OUT}")
  file(READ "${OUT}" old)
  if(old STREQUAL content)
    return()
  endif()
endif()
file(WRITE "${OUT}" "${content}")
