//go:build amd64 && !noasm

#include "textflag.h"

// func firBlocksFMA(y, x, r *float64, blocks, m int)
//
// For b = blocks−1 down to 0 and j < 32: y[32b+j] = Σ_{k<m} r[k]·x[32b+j+k], accumulated over k in
// order with fused multiply-adds, eight YMM accumulators of four outputs each (enough to cover the
// FMA latency at two per cycle). Blocks run from the last to the first so that y may be x shifted
// back by m−1 (filtering in place: block b reads x only at and above y's block b).
TEXT ·firBlocksFMA(SB), NOSPLIT, $0-40
	MOVQ y+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ r+16(FP), DX
	MOVQ blocks+24(FP), BX
	MOVQ m+32(FP), R8
	TESTQ BX, BX
	JZ   done
	MOVQ BX, AX
	DECQ AX
	SHLQ $8, AX
	ADDQ AX, DI
	ADDQ AX, SI

block:
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7
	MOVQ   SI, R9
	MOVQ   DX, R10
	MOVQ   R8, CX

tap:
	VBROADCASTSD (R10), Y8
	VFMADD231PD  (R9), Y8, Y0
	VFMADD231PD  32(R9), Y8, Y1
	VFMADD231PD  64(R9), Y8, Y2
	VFMADD231PD  96(R9), Y8, Y3
	VFMADD231PD  128(R9), Y8, Y4
	VFMADD231PD  160(R9), Y8, Y5
	VFMADD231PD  192(R9), Y8, Y6
	VFMADD231PD  224(R9), Y8, Y7
	ADDQ         $8, R9
	ADDQ         $8, R10
	DECQ         CX
	JNZ          tap

	VMOVUPD Y0, (DI)
	VMOVUPD Y1, 32(DI)
	VMOVUPD Y2, 64(DI)
	VMOVUPD Y3, 96(DI)
	VMOVUPD Y4, 128(DI)
	VMOVUPD Y5, 160(DI)
	VMOVUPD Y6, 192(DI)
	VMOVUPD Y7, 224(DI)
	SUBQ    $256, DI
	SUBQ    $256, SI
	DECQ    BX
	JNZ     block

done:
	VZEROUPPER
	RET
