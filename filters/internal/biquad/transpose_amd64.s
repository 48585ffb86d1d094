//go:build !noasm && amd64

#include "textflag.h"

// The 4×4 transposes behind gather and scatter (AVX): four rows of four samples become four frames of
// four lanes, stride bytes apart, and back. The transpose is its own inverse, so both directions run
// the same shuffles: unpack pairs of rows, then exchange 128-bit halves. m is rounded down to a
// multiple of 4. Each 64 bytes of a row, the line dist bytes away is prefetched (the next chunk of a
// segment, ahead or behind): eight rows and eight outputs are more streams than the hardware
// prefetchers follow well.

// func transposeIn4(q *float64, stride int, p0, p1, p2, p3 *float64, m, dist int)
TEXT ·transposeIn4(SB), NOSPLIT, $0-64
	MOVQ q+0(FP), DI
	MOVQ stride+8(FP), SI
	MOVQ p0+16(FP), R8
	MOVQ p1+24(FP), R9
	MOVQ p2+32(FP), R10
	MOVQ p3+40(FP), R11
	MOVQ m+48(FP), BX
	MOVQ dist+56(FP), AX
	LEAQ (SI)(SI*2), DX
	MOVQ BX, CX
	SHRQ $3, CX
	JZ   tail

loop:
	PREFETCHT0 (R8)(AX*1)
	PREFETCHT0 (R9)(AX*1)
	PREFETCHT0 (R10)(AX*1)
	PREFETCHT0 (R11)(AX*1)
	VMOVUPD 0(R8), Y0
	VMOVUPD 0(R9), Y1
	VMOVUPD 0(R10), Y2
	VMOVUPD 0(R11), Y3
	VUNPCKLPD Y1, Y0, Y4
	VUNPCKHPD Y1, Y0, Y5
	VUNPCKLPD Y3, Y2, Y6
	VUNPCKHPD Y3, Y2, Y7
	VPERM2F128 $0x20, Y6, Y4, Y0
	VPERM2F128 $0x20, Y7, Y5, Y1
	VPERM2F128 $0x31, Y6, Y4, Y2
	VPERM2F128 $0x31, Y7, Y5, Y3
	VMOVUPD Y0, (DI)
	VMOVUPD Y1, (DI)(SI*1)
	VMOVUPD Y2, (DI)(SI*2)
	VMOVUPD Y3, (DI)(DX*1)
	LEAQ (DI)(SI*4), DI
	VMOVUPD 32(R8), Y0
	VMOVUPD 32(R9), Y1
	VMOVUPD 32(R10), Y2
	VMOVUPD 32(R11), Y3
	VUNPCKLPD Y1, Y0, Y4
	VUNPCKHPD Y1, Y0, Y5
	VUNPCKLPD Y3, Y2, Y6
	VUNPCKHPD Y3, Y2, Y7
	VPERM2F128 $0x20, Y6, Y4, Y0
	VPERM2F128 $0x20, Y7, Y5, Y1
	VPERM2F128 $0x31, Y6, Y4, Y2
	VPERM2F128 $0x31, Y7, Y5, Y3
	VMOVUPD Y0, (DI)
	VMOVUPD Y1, (DI)(SI*1)
	VMOVUPD Y2, (DI)(SI*2)
	VMOVUPD Y3, (DI)(DX*1)
	LEAQ (DI)(SI*4), DI
	ADDQ $64, R8
	ADDQ $64, R9
	ADDQ $64, R10
	ADDQ $64, R11
	DECQ CX
	JNZ  loop

tail:
	TESTQ $4, BX
	JZ    done
	VMOVUPD 0(R8), Y0
	VMOVUPD 0(R9), Y1
	VMOVUPD 0(R10), Y2
	VMOVUPD 0(R11), Y3
	VUNPCKLPD Y1, Y0, Y4
	VUNPCKHPD Y1, Y0, Y5
	VUNPCKLPD Y3, Y2, Y6
	VUNPCKHPD Y3, Y2, Y7
	VPERM2F128 $0x20, Y6, Y4, Y0
	VPERM2F128 $0x20, Y7, Y5, Y1
	VPERM2F128 $0x31, Y6, Y4, Y2
	VPERM2F128 $0x31, Y7, Y5, Y3
	VMOVUPD Y0, (DI)
	VMOVUPD Y1, (DI)(SI*1)
	VMOVUPD Y2, (DI)(SI*2)
	VMOVUPD Y3, (DI)(DX*1)
	LEAQ (DI)(SI*4), DI

done:
	VZEROUPPER
	RET

// func transposeOut4(q *float64, stride int, p0, p1, p2, p3 *float64, m, dist int)
TEXT ·transposeOut4(SB), NOSPLIT, $0-64
	MOVQ q+0(FP), DI
	MOVQ stride+8(FP), SI
	MOVQ p0+16(FP), R8
	MOVQ p1+24(FP), R9
	MOVQ p2+32(FP), R10
	MOVQ p3+40(FP), R11
	MOVQ m+48(FP), BX
	MOVQ dist+56(FP), AX
	LEAQ (SI)(SI*2), DX
	MOVQ BX, CX
	SHRQ $3, CX
	JZ   tail

loop:
	PREFETCHT0 (R8)(AX*1)
	PREFETCHT0 (R9)(AX*1)
	PREFETCHT0 (R10)(AX*1)
	PREFETCHT0 (R11)(AX*1)
	VMOVUPD (DI), Y0
	VMOVUPD (DI)(SI*1), Y1
	VMOVUPD (DI)(SI*2), Y2
	VMOVUPD (DI)(DX*1), Y3
	VUNPCKLPD Y1, Y0, Y4
	VUNPCKHPD Y1, Y0, Y5
	VUNPCKLPD Y3, Y2, Y6
	VUNPCKHPD Y3, Y2, Y7
	VPERM2F128 $0x20, Y6, Y4, Y0
	VPERM2F128 $0x20, Y7, Y5, Y1
	VPERM2F128 $0x31, Y6, Y4, Y2
	VPERM2F128 $0x31, Y7, Y5, Y3
	VMOVUPD Y0, 0(R8)
	VMOVUPD Y1, 0(R9)
	VMOVUPD Y2, 0(R10)
	VMOVUPD Y3, 0(R11)
	LEAQ (DI)(SI*4), DI
	VMOVUPD (DI), Y0
	VMOVUPD (DI)(SI*1), Y1
	VMOVUPD (DI)(SI*2), Y2
	VMOVUPD (DI)(DX*1), Y3
	VUNPCKLPD Y1, Y0, Y4
	VUNPCKHPD Y1, Y0, Y5
	VUNPCKLPD Y3, Y2, Y6
	VUNPCKHPD Y3, Y2, Y7
	VPERM2F128 $0x20, Y6, Y4, Y0
	VPERM2F128 $0x20, Y7, Y5, Y1
	VPERM2F128 $0x31, Y6, Y4, Y2
	VPERM2F128 $0x31, Y7, Y5, Y3
	VMOVUPD Y0, 32(R8)
	VMOVUPD Y1, 32(R9)
	VMOVUPD Y2, 32(R10)
	VMOVUPD Y3, 32(R11)
	LEAQ (DI)(SI*4), DI
	ADDQ $64, R8
	ADDQ $64, R9
	ADDQ $64, R10
	ADDQ $64, R11
	DECQ CX
	JNZ  loop

tail:
	TESTQ $4, BX
	JZ    done
	VMOVUPD (DI), Y0
	VMOVUPD (DI)(SI*1), Y1
	VMOVUPD (DI)(SI*2), Y2
	VMOVUPD (DI)(DX*1), Y3
	VUNPCKLPD Y1, Y0, Y4
	VUNPCKHPD Y1, Y0, Y5
	VUNPCKLPD Y3, Y2, Y6
	VUNPCKHPD Y3, Y2, Y7
	VPERM2F128 $0x20, Y6, Y4, Y0
	VPERM2F128 $0x20, Y7, Y5, Y1
	VPERM2F128 $0x31, Y6, Y4, Y2
	VPERM2F128 $0x31, Y7, Y5, Y3
	VMOVUPD Y0, 0(R8)
	VMOVUPD Y1, 0(R9)
	VMOVUPD Y2, 0(R10)
	VMOVUPD Y3, 0(R11)
	LEAQ (DI)(SI*4), DI

done:
	VZEROUPPER
	RET
