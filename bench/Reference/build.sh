#!/usr/bin/env bash
# Builds the reference implementation (wickr-crypto-c 1.19.3) against the system OpenSSL, and encode_bench against it.
# Usage: bench/Reference/build.sh [reference-checkout]
#   reference-checkout (or $WICKR_CRYPTO_C_SRC): a wickr-crypto-c source tree with its submodules filled in.
#   Without it, tag $WICKR_CRYPTO_C_TAG (default 1.19.3) is exported from the bare mirror $WICKR_CRYPTO_C_MIRROR and
#   its submodules (protobuf-c, libscrypt, crypt_blowfish, at the commits the tag pins) from the mirrors in
#   $MIRRORS (default /work/.mirror), into bench/Reference/build/src.
# Everything it writes is under bench/Reference/build/ (git-ignored): the reference's license allows evaluation but
# not redistribution, so none of its source may be committed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/build"
mirrors="${MIRRORS:-/work/.mirror}"
mirror="${WICKR_CRYPTO_C_MIRROR:-$mirrors/WickrInc+wickr-crypto-c/repo}"
tag="${WICKR_CRYPTO_C_TAG:-1.19.3}"
src="${1:-${WICKR_CRYPTO_C_SRC:-}}"
jobs="${JOBS:-2}"

mkdir -p "$out"

if [[ -z "$src" ]]; then
  src="$out/src"
  if [[ ! -f "$src/.exported-$tag" ]]; then
    [[ -d "$mirror" ]] || { echo "no reference checkout given and no mirror at $mirror" >&2; exit 2; }
    rm -rf "$src" && mkdir -p "$src"
    git --git-dir="$mirror" archive "$tag" | tar -x -C "$src"
    # Submodules: the commit each is pinned to by the tag, from its own mirror.
    for sub in third-party/protobuf-c:protobuf-c+protobuf-c \
               third-party/libscrypt:tomleavy+libscrypt \
               third-party/crypt_blowfish:tomleavy+crypt_blowfish; do
      path="${sub%%:*}"; name="${sub##*:}"
      commit="$(git --git-dir="$mirror" ls-tree "$tag" "$path" | awk '{print $3}')"
      [[ -n "$commit" ]] || { echo "$tag pins no submodule at $path" >&2; exit 2; }
      [[ -d "$mirrors/$name/repo" ]] || { echo "submodule mirror $mirrors/$name/repo missing (needed for $path@$commit)" >&2; exit 2; }
      mkdir -p "$src/$path"
      git --git-dir="$mirrors/$name/repo" archive "$commit" | tar -x -C "$src/$path"
    done
    touch "$src/.exported-$tag"
  fi
fi

[[ -f "$src/CMakeLists.txt" && -f "$src/third-party/protobuf-c/protobuf-c/protobuf-c.c" ]] \
  || { echo "$src is not a wickr-crypto-c checkout with its submodules" >&2; exit 2; }

# A build tree configured from another checkout cannot be reused: CMake refuses a second source directory.
if [[ -f "$out/lib/CMakeCache.txt" ]] && ! grep -qxF "CMAKE_HOME_DIRECTORY:INTERNAL=$(cd "$src" && pwd)" "$out/lib/CMakeCache.txt"; then
  rm -rf "$out/lib"
fi

# SYSTEM_OPENSSL: link the system libcrypto (OpenSSL 3) instead of building the bundled aws-lc, so the reference and
# the raw-primitive baseline below (and our .NET bench, which loads libcrypto.so.3) run on the same library.
cmake -S "$src" -B "$out/lib" -DCMAKE_BUILD_TYPE=Release -DSYSTEM_OPENSSL=ON -DBUILD_TESTS=OFF \
  -DCMAKE_POLICY_VERSION_MINIMUM=3.5 >"$out/cmake.log" 2>&1 || { tail -30 "$out/cmake.log" >&2; exit 1; }
# The reference uses OpenSSL 1.1 APIs that 3.0 deprecates: its warnings go to the log, not the terminal.
cmake --build "$out/lib" -j "$jobs" --target wickrcrypto >"$out/make.log" 2>&1 || { tail -30 "$out/make.log" >&2; exit 1; }

lib="$out/lib"
inc="$src/src/wickrcrypto/include/wickrcrypto"
cc -std=c99 -O2 -Wall -Wextra -Wno-ignored-qualifiers -D_POSIX_C_SOURCE=200809L -I"$inc" -I"$src/src/protobuf/gen" -I"$src/third-party/protobuf-c" \
  "$here/encode_bench.c" -o "$out/encode_bench" \
  "$lib/src/wickrcrypto/libwickrcrypto.a" \
  "$lib/third-party/libscrypt/libscrypt.a" "$lib/third-party/crypt_blowfish/libbcrypt.a" \
  "$lib/third-party/libprotobuf-c.a" -lcrypto -lm
echo "built $out/encode_bench"
