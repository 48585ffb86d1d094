//go:build amd64 && !noasm

#include "textflag.h"

// func decodeI16AVX2(dst []float64, src []byte, gain, shift float64)
TEXT ·decodeI16AVX2(SB), NOSPLIT, $0-64
	MOVQ         dst_base+0(FP), DI
	MOVQ         dst_len+8(FP), CX
	MOVQ         src_base+24(FP), SI
	VBROADCASTSD gain+48(FP), Y14
	VBROADCASTSD shift+56(FP), Y15
	SHRQ         $3, CX
	JZ           done

loop:
	VPMOVSXWD    (SI), Y0
	VCVTDQ2PD    X0, Y1
	VEXTRACTI128 $1, Y0, X2
	VCVTDQ2PD    X2, Y2
	VMULPD       Y14, Y1, Y1
	VMULPD       Y14, Y2, Y2
	VADDPD       Y15, Y1, Y1
	VADDPD       Y15, Y2, Y2
	VMOVUPD      Y1, (DI)
	VMOVUPD      Y2, 32(DI)
	ADDQ         $16, SI
	ADDQ         $64, DI
	DECQ         CX
	JNZ          loop

done:
	VZEROUPPER
	RET

// func decodeI16x2AVX2(dst []float64, src []byte, gain, shift float64)
TEXT ·decodeI16x2AVX2(SB), NOSPLIT, $0-64
	MOVQ         dst_base+0(FP), DI
	MOVQ         dst_len+8(FP), CX
	MOVQ         src_base+24(FP), SI
	VBROADCASTSD gain+48(FP), Y14
	VBROADCASTSD shift+56(FP), Y15
	SHRQ         $3, CX
	JZ           done2

loop2:
	// Eight 4-byte frames; this channel's int16 is the low half of each 32-bit word.
	VMOVDQU      (SI), Y0
	VPSLLD       $16, Y0, Y0
	VPSRAD       $16, Y0, Y0
	VCVTDQ2PD    X0, Y1
	VEXTRACTI128 $1, Y0, X2
	VCVTDQ2PD    X2, Y2
	VMULPD       Y14, Y1, Y1
	VMULPD       Y14, Y2, Y2
	VADDPD       Y15, Y1, Y1
	VADDPD       Y15, Y2, Y2
	VMOVUPD      Y1, (DI)
	VMOVUPD      Y2, 32(DI)
	ADDQ         $32, SI
	ADDQ         $64, DI
	DECQ         CX
	JNZ          loop2

done2:
	VZEROUPPER
	RET

// func decodeI16AVX512(dst []float64, src []byte, gain, shift float64)
TEXT ·decodeI16AVX512(SB), NOSPLIT, $0-64
	MOVQ         dst_base+0(FP), DI
	MOVQ         dst_len+8(FP), CX
	MOVQ         src_base+24(FP), SI
	VBROADCASTSD gain+48(FP), Z14
	VBROADCASTSD shift+56(FP), Z15
	SHRQ         $4, CX
	JZ           done512

loop512:
	VPMOVSXWD     (SI), Z0
	VCVTDQ2PD     Y0, Z1
	VEXTRACTI64X4 $1, Z0, Y2
	VCVTDQ2PD     Y2, Z2
	VMULPD        Z14, Z1, Z1
	VMULPD        Z14, Z2, Z2
	VADDPD        Z15, Z1, Z1
	VADDPD        Z15, Z2, Z2
	VMOVUPD       Z1, (DI)
	VMOVUPD       Z2, 64(DI)
	ADDQ          $32, SI
	ADDQ          $128, DI
	DECQ          CX
	JNZ           loop512

done512:
	VZEROUPPER
	RET
