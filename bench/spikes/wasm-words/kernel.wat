;; Word identification kernel for the kt injection word pass (spike, not product code).
;; A word is a maximal run of [a-z0-9] in a lower-cased, unit-for-unit byte view (as viewBytes gives).
;; Its key is the hash of AsciiWordPass's fast loop: its bytes masked into four little-endian i32
;; (lo, hi, mid, tail; 0 past the end), key = imul(lo ^ imul(hi, C1) ^ imul(mid ^ tail, C2), C3); a word
;; of 16 bytes or more folds its bytes past the 16th into the key with FNV-1a steps.
;; Memory: [0, 272) holds LENMASK, 17 rows of 16 bytes (row L: L bytes of 0xff, then 0), set by the host.
(module
  (memory (export "mem") 1)

  (func $wordMask (param $x i32) (result i32)
    (local $m i32)
    (local.set $m
      (i32.and
        (i32.xor
          (i32.or
            (i32.and (i32.add (local.get $x) (i32.const 0x1f1f1f1f))
                     (i32.xor (i32.add (local.get $x) (i32.const 0x05050505)) (i32.const -1)))
            (i32.and (i32.add (local.get $x) (i32.const 0x50505050))
                     (i32.xor (i32.add (local.get $x) (i32.const 0x46464646)) (i32.const -1))))
          (i32.const -1))
        (i32.const 0x80808080)))
    (i32.sub
      (i32.shr_u (i32.and (local.get $m) (i32.sub (i32.const 0) (local.get $m))) (i32.const 7))
      (i32.const 1)))

  (func $isUnit (param $c i32) (result i32)
    (i32.or
      (i32.lt_u (i32.sub (local.get $c) (i32.const 97)) (i32.const 26))
      (i32.lt_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 10))))

  (func $mix (param $lo i32) (param $hi i32) (param $mid i32) (param $tail i32) (result i32)
    (i32.mul
      (i32.xor (i32.xor (local.get $lo) (i32.mul (local.get $hi) (i32.const 0x85ebca6b)))
               (i32.mul (i32.xor (local.get $mid) (local.get $tail)) (i32.const 0xcc9e2d51)))
      (i32.const 0x9e3779b1)))

  ;; UTF-8 (from TextEncoder.encodeInto) -> unit-for-unit byte view, ASCII lower-cased, every other unit
  ;; 0x7f (a 4-byte sequence is two units). 16 bytes at a time while they are all ASCII. Writes a 0 and
  ;; 31 more zero bytes after the view. Returns the number of units.
  (func (export "prep") (param $in i32) (param $len i32) (param $out i32) (result i32)
    (local $i i32) (local $o i32) (local $v v128) (local $c i32) (local $stop i32)
    (block $done
      (loop $chunks
        (br_if $done (i32.gt_u (i32.add (local.get $i) (i32.const 16)) (local.get $len)))
        (local.set $v (v128.load (i32.add (local.get $in) (local.get $i))))
        (if (i32.eqz (i8x16.bitmask (local.get $v)))
          (then
            (v128.store (i32.add (local.get $out) (local.get $o))
              (v128.or (local.get $v)
                (v128.and
                  (i8x16.lt_u (i8x16.sub (local.get $v) (i8x16.splat (i32.const 65))) (i8x16.splat (i32.const 26)))
                  (i8x16.splat (i32.const 0x20)))))
            (local.set $i (i32.add (local.get $i) (i32.const 16)))
            (local.set $o (i32.add (local.get $o) (i32.const 16)))
            (br $chunks)))
        ;; A chunk with a byte that is not ASCII: byte by byte to the chunk's end.
        (local.set $stop (i32.add (local.get $i) (i32.const 16)))
        (loop $bytes
          (local.set $c (i32.load8_u (i32.add (local.get $in) (local.get $i))))
          (if (i32.lt_u (local.get $c) (i32.const 0x80))
            (then
              (if (i32.lt_u (i32.sub (local.get $c) (i32.const 65)) (i32.const 26))
                (then (local.set $c (i32.or (local.get $c) (i32.const 0x20)))))
              (i32.store8 (i32.add (local.get $out) (local.get $o)) (local.get $c))
              (local.set $o (i32.add (local.get $o) (i32.const 1))))
            (else
              (if (i32.ge_u (local.get $c) (i32.const 0xc0))
                (then
                  (i32.store8 (i32.add (local.get $out) (local.get $o)) (i32.const 0x7f))
                  (local.set $o (i32.add (local.get $o) (i32.const 1)))
                  (if (i32.ge_u (local.get $c) (i32.const 0xf0))
                    (then
                      (i32.store8 (i32.add (local.get $out) (local.get $o)) (i32.const 0x7f))
                      (local.set $o (i32.add (local.get $o) (i32.const 1)))))))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $bytes (i32.lt_u (local.get $i) (local.get $stop))))
        (br $chunks)))
    ;; The last bytes (fewer than 16).
    (block $end
      (loop $tail
        (br_if $end (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $c (i32.load8_u (i32.add (local.get $in) (local.get $i))))
        (if (i32.lt_u (local.get $c) (i32.const 0x80))
          (then
            (if (i32.lt_u (i32.sub (local.get $c) (i32.const 65)) (i32.const 26))
              (then (local.set $c (i32.or (local.get $c) (i32.const 0x20)))))
            (i32.store8 (i32.add (local.get $out) (local.get $o)) (local.get $c))
            (local.set $o (i32.add (local.get $o) (i32.const 1))))
          (else
            (if (i32.ge_u (local.get $c) (i32.const 0xc0))
              (then
                (i32.store8 (i32.add (local.get $out) (local.get $o)) (i32.const 0x7f))
                (local.set $o (i32.add (local.get $o) (i32.const 1)))
                (if (i32.ge_u (local.get $c) (i32.const 0xf0))
                  (then
                    (i32.store8 (i32.add (local.get $out) (local.get $o)) (i32.const 0x7f))
                    (local.set $o (i32.add (local.get $o) (i32.const 1)))))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $tail)))
    (v128.store (i32.add (local.get $out) (local.get $o)) (v128.const i64x2 0 0))
    (v128.store (i32.add (local.get $out) (i32.add (local.get $o) (i32.const 16))) (v128.const i64x2 0 0))
    (local.get $o))

  ;; Scalar walk, a line-for-line port of the JS bare walk: (start, len, key) triples at $out.
  (func (export "walk") (param $b i32) (param $n i32) (param $out i32) (result i32)
    (local $i i32) (local $start i32) (local $end i32) (local $first i32) (local $second i32)
    (local $keepLo i32) (local $keepHi i32) (local $keepMid i32) (local $keepTail i32)
    (local $lo i32) (local $hi i32) (local $mid i32) (local $tail i32) (local $x i32)
    (local $key i32) (local $long i32) (local $c i32) (local $w i32)
    (local.set $w (local.get $out))
    (block $done
      (loop $walk
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (if (i32.eqz (call $isUnit (i32.load8_u (i32.add (local.get $b) (local.get $i)))))
          (then (local.set $i (i32.add (local.get $i) (i32.const 1))) (br $walk)))
        (local.set $start (local.get $i))
        (local.set $first (i32.load (i32.add (local.get $b) (local.get $start))))
        (local.set $second (i32.load offset=4 (i32.add (local.get $b) (local.get $start))))
        (local.set $keepLo (call $wordMask (local.get $first)))
        (local.set $keepHi (i32.and (call $wordMask (local.get $second))
                                    (i32.sub (i32.const 0) (i32.shr_u (local.get $keepLo) (i32.const 31)))))
        (local.set $lo (i32.and (local.get $first) (local.get $keepLo)))
        (local.set $hi (i32.and (local.get $second) (local.get $keepHi)))
        (local.set $end (i32.add (local.get $start)
          (i32.shr_u (i32.sub (i32.sub (i32.const 64) (i32.clz (local.get $keepLo))) (i32.clz (local.get $keepHi)))
                     (i32.const 3))))
        (local.set $mid (i32.const 0))
        (local.set $tail (i32.const 0))
        (local.set $long (i32.const 0))
        (if (i32.eq (local.get $keepHi) (i32.const -1))
          (then
            (local.set $x (i32.load (i32.add (local.get $b) (local.get $end))))
            (local.set $keepMid (call $wordMask (local.get $x)))
            (local.set $mid (i32.and (local.get $x) (local.get $keepMid)))
            (local.set $end (i32.add (local.get $end)
              (i32.shr_u (i32.sub (i32.const 32) (i32.clz (local.get $keepMid))) (i32.const 3))))
            (if (i32.eq (local.get $keepMid) (i32.const -1))
              (then
                (local.set $x (i32.load (i32.add (local.get $b) (local.get $end))))
                (local.set $keepTail (call $wordMask (local.get $x)))
                (local.set $tail (i32.and (local.get $x) (local.get $keepTail)))
                (local.set $end (i32.add (local.get $end)
                  (i32.shr_u (i32.sub (i32.const 32) (i32.clz (local.get $keepTail))) (i32.const 3))))
                (local.set $long (i32.eq (local.get $keepTail) (i32.const -1)))))))
        (local.set $key (call $mix (local.get $lo) (local.get $hi) (local.get $mid) (local.get $tail)))
        (if (local.get $long)
          (then
            (block $x1
              (loop $fold
                (local.set $c (i32.load8_u (i32.add (local.get $b) (local.get $end))))
                (br_if $x1 (i32.eqz (call $isUnit (local.get $c))))
                (local.set $key (i32.mul (i32.xor (local.get $key) (local.get $c)) (i32.const 0x01000193)))
                (local.set $end (i32.add (local.get $end) (i32.const 1)))
                (br $fold)))))
        (i32.store (local.get $w) (local.get $start))
        (i32.store offset=4 (local.get $w) (i32.sub (local.get $end) (local.get $start)))
        (i32.store offset=8 (local.get $w) (local.get $key))
        (local.set $w (i32.add (local.get $w) (i32.const 12)))
        (local.set $i (local.get $end))
        (br $walk)))
    (i32.div_u (i32.sub (local.get $w) (local.get $out)) (i32.const 12)))

  ;; SIMD classification: bit k of the bitmap at $bm is 1 when view byte k is in [a-z0-9].
  ;; (The view has at least 16 zero bytes past $n; the bitmap gets 16 bits per 16 bytes, then 8 zero bytes.)
  (func (export "classify") (param $b i32) (param $n i32) (param $bm i32)
    (local $i i32) (local $v v128)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $v (v128.load (i32.add (local.get $b) (local.get $i))))
        (i32.store16 (i32.add (local.get $bm) (i32.shr_u (local.get $i) (i32.const 3)))
          (i8x16.bitmask
            (v128.or
              (i8x16.lt_u (i8x16.sub (local.get $v) (i8x16.splat (i32.const 97))) (i8x16.splat (i32.const 26)))
              (i8x16.lt_u (i8x16.sub (local.get $v) (i8x16.splat (i32.const 48))) (i8x16.splat (i32.const 10))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $l)))
    (i64.store (i32.add (local.get $bm) (i32.shr_u (local.get $i) (i32.const 3))) (i64.const 0))
    (i64.store offset=8 (i32.add (local.get $bm) (i32.shr_u (local.get $i) (i32.const 3))) (i64.const 0)))

  ;; The words from the bitmap: each start by ctz over 64-bit blocks, its length by ctz of the inverted
  ;; bits from there, its key from one 16-byte load masked by LENMASK. With $tbl non-zero, the key is also
  ;; probed in a table of records (8 i32 each: lo, hi, mid, tail, length, flags, key, -; 2^15 slots, the
  ;; slot of key >>> 17 or another of its group of four) and the third field is the slot (-1: not found)
  ;; instead of the key.
  (func (export "words") (param $b i32) (param $n i32) (param $bm i32) (param $out i32) (param $tbl i32) (result i32)
    (local $blk i32) (local $w i64) (local $starts i64) (local $carry i64) (local $start i32)
    (local $len i32) (local $x i64) (local $v v128) (local $key i32) (local $c i32) (local $o i32)
    (local $slot i32) (local $g i32) (local $rec i32) (local $found i32)
    (local.set $o (local.get $out))
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $blk) (local.get $n)))
        (local.set $w (i64.load (i32.add (local.get $bm) (i32.shr_u (local.get $blk) (i32.const 3)))))
        (local.set $starts (i64.and (local.get $w)
          (i64.xor (i64.or (i64.shl (local.get $w) (i64.const 1)) (local.get $carry)) (i64.const -1))))
        (local.set $carry (i64.shr_u (local.get $w) (i64.const 63)))
        (block $none
          (loop $each
            (br_if $none (i64.eqz (local.get $starts)))
            (local.set $start (i32.add (local.get $blk) (i32.wrap_i64 (i64.ctz (local.get $starts)))))
            (local.set $starts (i64.and (local.get $starts) (i64.sub (local.get $starts) (i64.const 1))))
            (local.set $x (i64.shr_u
              (i64.load (i32.add (local.get $bm) (i32.shr_u (local.get $start) (i32.const 3))))
              (i64.extend_i32_u (i32.and (local.get $start) (i32.const 7)))))
            (local.set $len (i32.wrap_i64 (i64.ctz (i64.xor (local.get $x) (i64.const -1)))))
            (if (i32.ge_u (local.get $len) (i32.const 57))
              (then
                (block $x1
                  (loop $more
                    (br_if $x1 (i32.eqz (call $isUnit
                      (i32.load8_u (i32.add (local.get $b) (i32.add (local.get $start) (local.get $len)))))))
                    (local.set $len (i32.add (local.get $len) (i32.const 1)))
                    (br $more)))))
            (local.set $v (v128.and
              (v128.load (i32.add (local.get $b) (local.get $start)))
              (v128.load (i32.shl (select (local.get $len) (i32.const 16) (i32.lt_u (local.get $len) (i32.const 16)))
                                  (i32.const 4)))))
            (local.set $key (call $mix
              (i32x4.extract_lane 0 (local.get $v)) (i32x4.extract_lane 1 (local.get $v))
              (i32x4.extract_lane 2 (local.get $v)) (i32x4.extract_lane 3 (local.get $v))))
            (if (i32.gt_u (local.get $len) (i32.const 16))
              (then
                (local.set $c (i32.const 16))
                (loop $fold
                  (local.set $key (i32.mul
                    (i32.xor (local.get $key)
                      (i32.load8_u (i32.add (local.get $b) (i32.add (local.get $start) (local.get $c)))))
                    (i32.const 0x01000193)))
                  (local.set $c (i32.add (local.get $c) (i32.const 1)))
                  (br_if $fold (i32.lt_u (local.get $c) (local.get $len))))))
            (if (local.get $tbl)
              (then
                ;; Probe: the slot, then the others of its group of four.
                (local.set $slot (i32.shr_u (local.get $key) (i32.const 17)))
                (local.set $found (i32.const -1))
                (local.set $g (i32.const 0))
                (block $probed
                  (loop $group
                    (local.set $rec (i32.add (local.get $tbl)
                      (i32.shl (i32.xor (local.get $slot) (local.get $g)) (i32.const 5))))
                    (if (i32.and
                          (i32.eqz (v128.any_true (v128.xor (v128.load (local.get $rec)) (local.get $v))))
                          (i32.and (i32.eq (i32.load offset=16 (local.get $rec)) (local.get $len))
                                   (i32.eq (i32.load offset=24 (local.get $rec)) (local.get $key))))
                      (then (local.set $found (i32.xor (local.get $slot) (local.get $g))) (br $probed)))
                    (local.set $g (i32.add (local.get $g) (i32.const 1)))
                    (br_if $group (i32.lt_u (local.get $g) (i32.const 4)))))
                (local.set $key (local.get $found))))
            (i32.store (local.get $o) (local.get $start))
            (i32.store offset=4 (local.get $o) (local.get $len))
            (i32.store offset=8 (local.get $o) (local.get $key))
            (local.set $o (i32.add (local.get $o) (i32.const 12)))
            (br $each)))
        (local.set $blk (i32.add (local.get $blk) (i32.const 64)))
        (br $blocks)))
    (i32.div_u (i32.sub (local.get $o) (local.get $out)) (i32.const 12)))

  ;; As "words", probing the detector's own record table (injection-word-slots.ts: 8 i32 per slot, LO=0, HI=1,
  ;; MID=6, TAIL=7) at the word's slot only, as AsciiWordPass's fast loop does: the third field is the slot
  ;; when the record there holds the word, the slot | 0x40000000 when it does not, and -1 for words of 16
  ;; bytes or more (which the fast loop leaves to the general path). A sentinel triple (0x7fffffff) follows the last.
  (func (export "slots") (param $b i32) (param $n i32) (param $bm i32) (param $out i32) (param $tbl i32) (result i32)
    (local $blk i32) (local $w i64) (local $starts i64) (local $carry i64) (local $start i32)
    (local $len i32) (local $x i64) (local $v v128) (local $key i32) (local $o i32) (local $rec i32)
    (local $lo i32) (local $hi i32) (local $mid i32) (local $tail i32)
    (local.set $o (local.get $out))
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $blk) (local.get $n)))
        (local.set $w (i64.load (i32.add (local.get $bm) (i32.shr_u (local.get $blk) (i32.const 3)))))
        (local.set $starts (i64.and (local.get $w)
          (i64.xor (i64.or (i64.shl (local.get $w) (i64.const 1)) (local.get $carry)) (i64.const -1))))
        (local.set $carry (i64.shr_u (local.get $w) (i64.const 63)))
        (block $none
          (loop $each
            (br_if $none (i64.eqz (local.get $starts)))
            (local.set $start (i32.add (local.get $blk) (i32.wrap_i64 (i64.ctz (local.get $starts)))))
            (local.set $starts (i64.and (local.get $starts) (i64.sub (local.get $starts) (i64.const 1))))
            (local.set $x (i64.shr_u
              (i64.load (i32.add (local.get $bm) (i32.shr_u (local.get $start) (i32.const 3))))
              (i64.extend_i32_u (i32.and (local.get $start) (i32.const 7)))))
            (local.set $len (i32.wrap_i64 (i64.ctz (i64.xor (local.get $x) (i64.const -1)))))
            (local.set $key (i32.const -1))
            (if (i32.lt_u (local.get $len) (i32.const 16))
              (then
                (local.set $v (v128.and
                  (v128.load (i32.add (local.get $b) (local.get $start)))
                  (v128.load (i32.shl (local.get $len) (i32.const 4)))))
                (local.set $lo (i32x4.extract_lane 0 (local.get $v)))
                (local.set $hi (i32x4.extract_lane 1 (local.get $v)))
                (local.set $mid (i32x4.extract_lane 2 (local.get $v)))
                (local.set $tail (i32x4.extract_lane 3 (local.get $v)))
                (local.set $key (i32.shr_u
                  (i32.mul
                    (i32.xor (i32.xor (local.get $lo) (i32.mul (local.get $hi) (i32.const 0x85ebca6b)))
                             (i32.mul (i32.xor (local.get $mid) (local.get $tail)) (i32.const 0xcc9e2d51)))
                    (i32.const 0x9e3779b1))
                  (i32.const 17)))
                (local.set $rec (i32.add (local.get $tbl) (i32.shl (local.get $key) (i32.const 5))))
                (if (i32.eqz (i32.and
                      (i32.and (i32.eq (i32.load (local.get $rec)) (local.get $lo))
                               (i32.eq (i32.load offset=4 (local.get $rec)) (local.get $hi)))
                      (i32.and (i32.eq (i32.load offset=24 (local.get $rec)) (local.get $mid))
                               (i32.eq (i32.load offset=28 (local.get $rec)) (local.get $tail)))))
                  (then (local.set $key (i32.or (local.get $key) (i32.const 0x40000000)))))))
            (i32.store (local.get $o) (local.get $start))
            (i32.store offset=4 (local.get $o) (local.get $len))
            (i32.store offset=8 (local.get $o) (local.get $key))
            (local.set $o (i32.add (local.get $o) (i32.const 12)))
            (br $each)))
        (local.set $blk (i32.add (local.get $blk) (i32.const 64)))
        (br $blocks)))
    (i32.store (local.get $o) (i32.const 0x7fffffff))
    (i32.div_u (i32.sub (local.get $o) (local.get $out)) (i32.const 12)))
)
