# Warning set for everything built here (C and C++).
set(WALLET_C_WARNINGS
  -Wall -Wextra -Wshadow -Wformat=2 -Wvla -Wstrict-prototypes
  -Wmissing-prototypes -Wpointer-arith -Wcast-qual -Wundef
  -Wno-unused-parameter)
if(WALLET_WERROR)
  list(APPEND WALLET_C_WARNINGS -Werror)
endif()
# _GNU_SOURCE: timegm(), memmem() (glibc and bionic both provide them).
add_compile_definitions(_GNU_SOURCE)

function(wallet_warnings target)
  target_compile_options(${target} PRIVATE
    $<$<COMPILE_LANGUAGE:C>:${WALLET_C_WARNINGS}>
    $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra $<$<BOOL:${WALLET_WERROR}>:-Werror>>)
endfunction()
