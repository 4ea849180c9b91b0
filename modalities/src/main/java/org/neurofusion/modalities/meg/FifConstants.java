package org.neurofusion.modalities.meg;

import java.util.Map;

/**
 * The numbers of the FIF format this reader uses: tag kinds, data types and block kinds, with the names
 * MNE-Python gives them (its {@code FIFF} constants are the de-facto specification; the values come from
 * Elekta/MEGIN's {@code fiff_file.h} and the mne-tools fiff-constants registry).
 */
final class FifConstants {
    /** Bytes of a tag header: kind, type, size and next, four big-endian int32. */
    static final int TAG_HEADER = 16;
    /** {@code next} value: the next tag follows this one's data. */
    static final int NEXT_SEQ = 0;
    /** {@code next} value: this is the last tag. */
    static final int NEXT_NONE = -1;

    // Tags of general interest.
    static final int FILE_ID = 100;
    static final int DIR_POINTER = 101;
    static final int DIR = 102;
    static final int BLOCK_ID = 103;
    static final int BLOCK_START = 104;
    static final int BLOCK_END = 105;
    static final int PARENT_BLOCK_ID = 110;
    static final int REF_ROLE = 115;
    static final int REF_FILE_NUM = 117;
    static final int REF_FILE_NAME = 118;

    // Measurement info.
    static final int NCHAN = 200;
    static final int SFREQ = 201;
    static final int CH_INFO = 203;
    static final int MEAS_DATE = 204;
    static final int COMMENT = 206;
    static final int FIRST_SAMPLE = 208;
    static final int EXPERIMENTER = 212;
    static final int LOWPASS = 219;
    static final int COORD_TRANS = 222;
    static final int HIGHPASS = 223;
    static final int NAME = 233;
    static final int LINE_FREQ = 235;
    static final int PROJ_ID = 500;
    static final int PROJ_NAME = 501;

    // Extended channel information (FIFFB_CH_INFO blocks, written by MNE for names over 15 characters).
    static final int CH_SCAN_NO = 250;
    static final int CH_LOGICAL_NO = 251;
    static final int CH_KIND = 252;
    static final int CH_RANGE = 253;
    static final int CH_CAL = 254;
    static final int CH_LOC = 255;
    static final int CH_UNIT = 256;
    static final int CH_UNIT_MUL = 257;
    static final int CH_DACQ_NAME = 258;
    static final int CH_COIL_TYPE = 350;
    static final int CH_COORD_FRAME = 351;

    // Raw data.
    static final int DATA_BUFFER = 300;
    static final int DATA_SKIP = 301;
    static final int DATA_SKIP_SAMP = 303;

    // Projectors.
    static final int PROJ_ITEM_KIND = 3411;
    static final int PROJ_ITEM_NVEC = 3414;
    static final int PROJ_ITEM_VECTORS = 3415;
    static final int PROJ_ITEM_CH_NAME_LIST = 3417;
    static final int MNE_PROJ_ITEM_ACTIVE = 3560;

    // MNE bookkeeping, CTF compensation, annotations.
    static final int MNE_ROW_NAMES = 3502;
    static final int MNE_COL_NAMES = 3503;
    static final int MNE_NROW = 3504;
    static final int MNE_NCOL = 3505;
    static final int MNE_CH_NAME_LIST = 3507;
    static final int MNE_EVENT_LIST = 3561;
    static final int MNE_CTF_COMP_KIND = 3580;
    static final int MNE_CTF_COMP_DATA = 3581;
    static final int MNE_CTF_COMP_CALIBRATED = 3582;
    /** Annotation onsets; MNE wrote them under 304 before it renumbered its baseline tags. */
    static final int MNE_BASELINE_MIN = 3568;
    static final int MNE_BASELINE_MAX = 3569;
    static final int OLD_BASELINE_MIN = 304;
    static final int OLD_BASELINE_MAX = 305;
    static final int MNE_EPOCHS_DROP_LOG = 3801;

    // Data types.
    static final int T_VOID = 0;
    static final int T_BYTE = 1;
    static final int T_SHORT = 2;
    static final int T_INT = 3;
    static final int T_FLOAT = 4;
    static final int T_DOUBLE = 5;
    static final int T_USHORT = 7;
    static final int T_UINT = 8;
    static final int T_STRING = 10;
    static final int T_DAU_PACK13 = 13;
    static final int T_DAU_PACK14 = 14;
    static final int T_DAU_PACK16 = 16;
    static final int T_COMPLEX_FLOAT = 20;
    static final int T_COMPLEX_DOUBLE = 21;
    static final int T_OLD_PACK = 23;
    static final int T_CH_INFO_STRUCT = 30;
    static final int T_ID_STRUCT = 31;
    static final int T_DIR_ENTRY_STRUCT = 32;
    static final int T_COORD_TRANS_STRUCT = 35;
    /** A dense matrix: this bit set, the element type in the low 16 bits. */
    static final int T_MATRIX = 0x40000000;
    /** The coding bits of a matrix type (dense, or the sparse CCS/RCS codings). */
    static final int T_MATRIX_CODING = 0x7FFF0000;

    // Blocks.
    static final int B_MEAS = 100;
    static final int B_MEAS_INFO = 101;
    static final int B_RAW_DATA = 102;
    static final int B_PROCESSED_DATA = 103;
    static final int B_EVOKED = 104;
    static final int B_HPI_RESULT = 109;
    static final int B_CONTINUOUS_DATA = 112;
    static final int B_CH_INFO = 113;
    static final int B_REF = 118;
    static final int B_IAS_RAW_DATA = 119;
    static final int B_EPOCHS = 122;
    static final int B_PROJ = 313;
    static final int B_PROJ_ITEM = 314;
    static final int B_MNE_NAMED_MATRIX = 357;
    static final int B_MNE_BAD_CHANNELS = 359;
    static final int B_MNE_EVENTS = 361;
    static final int B_MNE_CTF_COMP_DATA = 371;
    static final int B_MNE_EPOCHS = 373;
    static final int B_MNE_ANNOTATIONS = 3810;

    /** Reference role: the next part of a split recording. */
    static final int ROLE_NEXT_FILE = 2;

    // Coordinate frames.
    static final int COORD_DEVICE = 1;
    static final int COORD_HEAD = 4;

    private static final Map<Integer, String> BLOCK_NAMES = Map.ofEntries(Map.entry(999, "FIFFB_ROOT"),
            Map.entry(B_MEAS, "FIFFB_MEAS"), Map.entry(B_MEAS_INFO, "FIFFB_MEAS_INFO"),
            Map.entry(B_RAW_DATA, "FIFFB_RAW_DATA"), Map.entry(B_PROCESSED_DATA, "FIFFB_PROCESSED_DATA"),
            Map.entry(B_EVOKED, "FIFFB_EVOKED"), Map.entry(105, "FIFFB_ASPECT"), Map.entry(106, "FIFFB_SUBJECT"),
            Map.entry(107, "FIFFB_ISOTRAK"), Map.entry(108, "FIFFB_HPI_MEAS"), Map.entry(B_HPI_RESULT,
                    "FIFFB_HPI_RESULT"), Map.entry(110, "FIFFB_HPI_COIL"), Map.entry(111, "FIFFB_PROJECT"),
            Map.entry(B_CONTINUOUS_DATA, "FIFFB_CONTINUOUS_DATA"), Map.entry(B_CH_INFO, "FIFFB_CH_INFO"),
            Map.entry(115, "FIFFB_EVENTS"), Map.entry(117, "FIFFB_DACQ_PARS"), Map.entry(B_REF, "FIFFB_REF"),
            Map.entry(B_IAS_RAW_DATA, "FIFFB_IAS_RAW_DATA"), Map.entry(121, "FIFFB_HPI_SUBSYSTEM"),
            Map.entry(B_EPOCHS, "FIFFB_EPOCHS"), Map.entry(200, "FIFFB_MRI"), Map.entry(310, "FIFFB_BEM"),
            Map.entry(B_PROJ, "FIFFB_PROJ"), Map.entry(B_PROJ_ITEM, "FIFFB_PROJ_ITEM"),
            Map.entry(350, "FIFFB_MNE"), Map.entry(351, "FIFFB_MNE_SOURCE_SPACE"),
            Map.entry(352, "FIFFB_MNE_FORWARD_SOLUTION"), Map.entry(355, "FIFFB_MNE_COV"),
            Map.entry(356, "FIFFB_MNE_INVERSE_SOLUTION"), Map.entry(B_MNE_NAMED_MATRIX, "FIFFB_MNE_NAMED_MATRIX"),
            Map.entry(358, "FIFFB_MNE_ENV"), Map.entry(B_MNE_BAD_CHANNELS, "FIFFB_MNE_BAD_CHANNELS"),
            Map.entry(B_MNE_EVENTS, "FIFFB_MNE_EVENTS"), Map.entry(362, "FIFFB_MNE_MORPH_MAP"),
            Map.entry(370, "FIFFB_MNE_CTF_COMP"), Map.entry(B_MNE_CTF_COMP_DATA, "FIFFB_MNE_CTF_COMP_DATA"),
            Map.entry(B_MNE_EPOCHS, "FIFFB_MNE_EPOCHS"), Map.entry(374, "FIFFB_MNE_ICA"),
            Map.entry(900, "FIFFB_PROCESSING_HISTORY"), Map.entry(B_MNE_ANNOTATIONS, "FIFFB_MNE_ANNOTATIONS"));

    private static final Map<Integer, String> TYPE_NAMES = Map.ofEntries(Map.entry(T_VOID, "void"),
            Map.entry(T_BYTE, "byte"), Map.entry(T_SHORT, "short"), Map.entry(T_INT, "int"),
            Map.entry(T_FLOAT, "float"), Map.entry(T_DOUBLE, "double"), Map.entry(6, "julian"),
            Map.entry(T_USHORT, "ushort"), Map.entry(T_UINT, "uint"), Map.entry(9, "ulong"),
            Map.entry(T_STRING, "string"), Map.entry(11, "long"), Map.entry(T_DAU_PACK13, "dau_pack13"),
            Map.entry(T_DAU_PACK14, "dau_pack14"), Map.entry(T_DAU_PACK16, "dau_pack16"),
            Map.entry(T_COMPLEX_FLOAT, "complex_float"), Map.entry(T_COMPLEX_DOUBLE, "complex_double"),
            Map.entry(T_OLD_PACK, "old_pack"), Map.entry(T_CH_INFO_STRUCT, "ch_info_struct"),
            Map.entry(T_ID_STRUCT, "id_struct"), Map.entry(T_DIR_ENTRY_STRUCT, "dir_entry_struct"),
            Map.entry(33, "dig_point_struct"), Map.entry(34, "ch_pos_struct"),
            Map.entry(T_COORD_TRANS_STRUCT, "coord_trans_struct"), Map.entry(36, "dig_string_struct"),
            Map.entry(37, "stream_segment_struct"));

    private static final Map<Integer, String> TAG_NAMES = Map.ofEntries(Map.entry(FILE_ID, "FIFF_FILE_ID"),
            Map.entry(DIR_POINTER, "FIFF_DIR_POINTER"), Map.entry(DIR, "FIFF_DIR"), Map.entry(BLOCK_ID,
                    "FIFF_BLOCK_ID"), Map.entry(BLOCK_START, "FIFF_BLOCK_START"), Map.entry(BLOCK_END,
                    "FIFF_BLOCK_END"), Map.entry(PARENT_BLOCK_ID, "FIFF_PARENT_BLOCK_ID"),
            Map.entry(REF_ROLE, "FIFF_REF_ROLE"), Map.entry(REF_FILE_NUM, "FIFF_REF_FILE_NUM"),
            Map.entry(REF_FILE_NAME, "FIFF_REF_FILE_NAME"), Map.entry(NCHAN, "FIFF_NCHAN"),
            Map.entry(SFREQ, "FIFF_SFREQ"), Map.entry(CH_INFO, "FIFF_CH_INFO"), Map.entry(MEAS_DATE,
                    "FIFF_MEAS_DATE"), Map.entry(COMMENT, "FIFF_COMMENT"), Map.entry(FIRST_SAMPLE,
                    "FIFF_FIRST_SAMPLE"), Map.entry(EXPERIMENTER, "FIFF_EXPERIMENTER"),
            Map.entry(LOWPASS, "FIFF_LOWPASS"), Map.entry(COORD_TRANS, "FIFF_COORD_TRANS"),
            Map.entry(HIGHPASS, "FIFF_HIGHPASS"), Map.entry(NAME, "FIFF_NAME"), Map.entry(LINE_FREQ,
                    "FIFF_LINE_FREQ"), Map.entry(DATA_BUFFER, "FIFF_DATA_BUFFER"), Map.entry(DATA_SKIP,
                    "FIFF_DATA_SKIP"), Map.entry(DATA_SKIP_SAMP, "FIFF_DATA_SKIP_SAMP"),
            Map.entry(PROJ_ITEM_KIND, "FIFF_PROJ_ITEM_KIND"), Map.entry(PROJ_ITEM_NVEC, "FIFF_PROJ_ITEM_NVEC"),
            Map.entry(PROJ_ITEM_VECTORS, "FIFF_PROJ_ITEM_VECTORS"), Map.entry(PROJ_ITEM_CH_NAME_LIST,
                    "FIFF_PROJ_ITEM_CH_NAME_LIST"), Map.entry(MNE_CH_NAME_LIST, "FIFF_MNE_CH_NAME_LIST"),
            Map.entry(MNE_CTF_COMP_KIND, "FIFF_MNE_CTF_COMP_KIND"), Map.entry(MNE_CTF_COMP_DATA,
                    "FIFF_MNE_CTF_COMP_DATA"), Map.entry(MNE_NROW, "FIFF_MNE_NROW"), Map.entry(MNE_NCOL,
                    "FIFF_MNE_NCOL"), Map.entry(MNE_BASELINE_MIN, "FIFF_MNE_BASELINE_MIN"),
            Map.entry(MNE_BASELINE_MAX, "FIFF_MNE_BASELINE_MAX"));

    private FifConstants() {
    }

    /** A tag kind as MNE names it ({@code FIFF_SFREQ}), or {@code tag kind <n>}. */
    static String tagName(int kind) {
        String n = TAG_NAMES.get(kind);
        return n != null ? n : "tag kind " + kind;
    }

    /** A block kind as MNE names it ({@code FIFFB_RAW_DATA}), or {@code block <n>} when it has no name here. */
    static String blockName(int kind) {
        String n = BLOCK_NAMES.get(kind);
        return n != null ? n : "block " + kind;
    }

    /** A data type by its FIFF name ({@code FIFFT_FLOAT}), a matrix as {@code FIFFT_MATRIX of float}. */
    static String typeName(int type) {
        if ((type & T_MATRIX_CODING) != 0) {
            String coding = (type & T_MATRIX_CODING) == T_MATRIX ? "dense matrix" : "sparse matrix";
            return "FIFFT " + coding + " of " + TYPE_NAMES.getOrDefault(type & 0xFFFF, "type " + (type & 0xFFFF));
        }
        String n = TYPE_NAMES.get(type);
        return n != null ? "FIFFT_" + n.toUpperCase(java.util.Locale.ROOT) : "data type " + type;
    }
}
