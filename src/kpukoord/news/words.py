"""The Indonesian words the news drafter reads by: one home for every cue list.

Each list is data, tested on reports written in the house style of KPU office
websites (tests/test_news_draft.py). Words are matched case-insensitively on whole
words unless a pattern says otherwise.
"""

from __future__ import annotations

WEEKDAY = r"(?:Senin|Selasa|Rabu|Kamis|Jum'?at|Sabtu|Minggu|Ahad)"
MONTH = (
    r"(?:Januari|Februari|Pebruari|Febuari|Maret|April|Mei|Juni|Juli|Agustus|September|"
    r"Oktober|November|Nopember|Desember|Jan|Feb|Mar|Apr|Jun|Jul|Agt|Agu|Agus|Sept?|Okt|"
    r"Nov|Nop|Des)\.?"
)
_TO = r"(?:-|–|s\.?\s?d\.?|s/d|sampai(?: dengan)?|hingga)"
_DAYS = rf"\d{{1,2}}(?:\s*{_TO}\s*\d{{1,2}})?"
# "30 November - 1 Desember 2026": days of two months
_MONTHS = rf"\d{{1,2}}\s+{MONTH}(?:\s+\d{{4}})?\s*{_TO}\s*\d{{1,2}}\s+{MONTH}"
# "(5-6/7/2024)", "(30/11-1/12/2026)", "(02/08)"
_NUMERIC = r"\d{1,2}(?:[/.]\d{1,2})?(?:\s*-\s*\d{1,2})?[/.-]\d{1,2}(?:[/.-](?:\d{4}|\d{2}))?"
# A meeting's date as news items write it: with its weekday ("Jumat (02/08)", "Senin,
# 13 Februari 2023", "Jumat-Sabtu 5-6 Juli 2024") or without ("5 Juli 2024").
DATE_WITH_WEEKDAY = (
    rf"{WEEKDAY}(?:\s*(?:-|–|s\.?\s?d\.?|sampai|hingga)\s*{WEEKDAY})?\s*,?\s*"
    rf"(?:tanggal\s+)?(?:\(\s*{_NUMERIC}\s*\)|{_MONTHS}(?:\s+\d{{4}})?|{_DAYS}\s+{MONTH}(?:\s+\d{{4}})?|"
    r"\d{1,2}/\d{1,2}(?:/\d{2,4})?)"
)
DATE_WITHOUT_WEEKDAY = (
    rf"(?:{_MONTHS}\s+\d{{4}}|{_DAYS}\s+{MONTH}\s+\d{{4}}|\(\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\))"
)
# Words before a date that make it another date than the meeting's: a deadline, a
# stage's span, the polling day.
NOT_THE_MEETING_DATE = (
    "hingga",
    "sampai",
    "s.d",
    "s/d",
    "sejak",
    "dimulai",
    "mulai",
    "batas",
    "paling lambat",
    "pemungutan suara",
    "hari pemilihan",
    "tahapannya",
)
TIME = (
    r"(?:pukul|pkl\.?|jam)\s*\d{1,2}[.:]\d{2}"
    r"(?:\s*(?:-|–|s\.?\s?d\.?|s/d|hingga|sampai(?: dengan)?)\s*(?:\d{1,2}[.:]\d{2}|selesai))?"
    r"(?:\s*(?:WIB|WITA|WIT)\b)?"
)

# Kinds of meeting by the words that name them (first found in the headline, then the
# text, wins). Keys are kpukoord's kinds.
KIND_WORDS: dict[str, tuple[str, ...]] = {
    "coffee-morning": ("coffee morning", "coffe morning", "coffee meeting"),
    "bimtek": ("bimbingan teknis", "bimtek"),
    "supervisi": ("supervisi", "koordinasi, supervisi dan asistensi"),
    "monev": ("monitoring dan evaluasi", "monev", "monitoring"),
    "fgd": ("focus group discussion", "fgd", "diskusi kelompok terpumpun"),
    "pelantikan": ("pelantikan", "dilantik", "pengambilan sumpah"),
    "pleno": ("rapat pleno", "pleno"),
    "rapat-kerja": ("rapat kerja", "raker"),
    "rakor": ("rapat koordinasi", "rakor"),
    "audiensi": ("audiensi", "road show", "roadshow"),
    "kunjungan": (
        "kunjungan kerja",
        "kunjungan",
        "kunker",
        "sambangi",
        "menyambangi",
        "bertandang",
    ),
    "sosialisasi": ("sosialisasi",),
}

# Verbs whose subject is the host ("KPU Sijunjung menggelar rakor").
HOST_VERBS = (
    "menggelar",
    "mengadakan",
    "adakan",
    "gelar",
    "menyelenggarakan",
    "melaksanakan",
    "menerima kunjungan",
    "menerima audiensi",
    "terima kunjungan",
    "memperkuat",
    "terus",
)
# Verbs after which the subject is a guest, and the host comes after ("Kesbangpol
# menyambangi KPU Luwu Utara").
VISIT_VERBS = (
    "menyambangi",
    "sambangi",
    "mengunjungi",
    "mendatangi",
    "berkunjung ke",
    "bertandang ke",
    "audiensi ke",
    "kunjungan ke",
    "kunjungan kerja ke",
    "silaturahmi ke",
    "bersilaturahmi ke",
)

# Where it was: a cue, then the venue (up to the first of VENUE_END).
VENUE_CUES = (
    "bertempat di",
    "berlangsung di",
    "digelar di",
    "dilaksanakan di",
    "diselenggarakan di",
    "diadakan di",
    "menuju",
    "ke",  # "audiensi ke Kantor KPU Kota Bima": with a venue's word only, as "di"
    "di",
)
# Words that begin a venue after a bare "di" ("di Aula Antasena", "di Hotel ...").
VENUE_HEADS = (
    "aula",
    "baruga",  # the hall of a Bugis-Makassar office ("Baruga Karaeng Pattingalloang")
    "ruang",
    "ruangan",
    "hotel",
    "gedung",
    "kantor",
    "balai",
    "pendopo",
    "rumah jabatan",
    "rujab",
    "sekretariat",
    "media center",
    "ballroom",
    "auditorium",
    "wisma",
    "graha",
    "hall",
    "convention",
    "mess",
    "rumah makan",
    "restoran",
    "cafe",
    "kafe",
    "lapangan",
    "masjid",
    "universitas",
    "kampus",
)
VENUE_END = (
    r"(?=\s*(?:[,;:.!?()]\s|[,;:.!?()]$|$|\s+(?:pada|selama|yang|sejak|untuk|dengan|dalam|dan\s+langsung|sekitar|mulai|pukul|jam|tanggal|hari)\b|\s+"
    + WEEKDAY
    + r"\b))"
)

# Long names written out in news items, and the short form the database knows.
EXPANSIONS = (
    (r"Komisi Pemilihan Umum(?:\s*\(KPU\))?", "KPU"),
    (r"Komisi Independen Pemilihan(?:\s*\(KIP\))?", "KIP"),
    (r"Badan Pengawas Pemilihan Umum(?:\s*\(Bawaslu\))?", "Bawaslu"),
    (r"Badan Pengawas Pemilu(?:\s*\(Bawaslu\))?", "Bawaslu"),
    (r"Badan Kesatuan Bangsa dan Politik(?:\s*\(Kesbangpol\))?", "Badan Kesbangpol"),
    (r"Forum Komunikasi Pimpinan Daerah(?:\s*\(Forkopimda\))?", "Forkopimda"),
    (r"Panitia Pemilihan Kecamatan(?:\s*\(PPK\))?", "PPK"),
    (r"Dewan Perwakilan Rakyat Daerah(?:\s*\(DPRD\))?", "DPRD"),
    (r"Kejaksaan Negeri", "Kejari"),
)

# An agency's name as news items write it: a kind word, then its place or number
# ("Polres Luwu Timur", "Kodim 1403 Palopo"); one the database does not know is listed.
# The words that begin an agency's name ("Kesbangpol" in "Kepala Badan Kesbangpol").
AGENCY_HEAD = (
    r"\b(?:KPU|KIP|Bawaslu|Polres|Polresta|Polda|Polsek|Kodim|Korem|Kodam|Koramil|Kejari|"
    r"Kejati|Kejaksaan|Panwaslih|Panwaslu|Disdukcapil|Kesbangpol|Badan Kesbangpol|Pemkab|Pemkot|Pemprov|DPRD|Dinas|"
    r"Pemerintah Kabupaten|Pemerintah Kota|Pemerintah Provinsi|"
    r"Satpol PP|Diskominfo|Kemenag|Pengadilan Negeri|Lapas|Rutan|Basarnas|BPBD)"
)
# (a unit's word ends it: "KIP Aceh Besar Divisi Perencanaan" is KIP Aceh Besar's division)
# An office whose name has "dan" ("Dinas Kependudukan dan Pencatatan Sipil Kabupaten
# Solok", "Badan Kesatuan Bangsa dan Politik"): the words after "dan" go on the name
# unless they start another agency ("Bawaslu dan KPU" are two).
_WITH_DAN = (
    r"\b(?:Dinas|Badan)(?:\s+[A-Z][a-z]+){1,4}\s+dan"
    r"(?:\s+(?!(?:KPU|KIP|Bawaslu|Polres|Polresta|Polda|Kodim|Kejari|Kejaksaan|Pemerintah|DPRD|"
    r"Dinas|Badan)\b)[A-Z][a-z]+){1,5}"
)
AGENCY_NAME = (
    rf"(?:{_WITH_DAN}|"
    + AGENCY_HEAD
    + r"(?:\s+(?!(?:Divisi|Kordiv|Kadiv|Bidang|Bagian|Subbagian|Seksi)\b)"
    r"(?:[A-Z][A-Za-z]+|\d{3,4}(?:/[A-Z][A-Za-z]+)?)){1,4})"
)
# Written around a name, not part of it: honorifics before it ("H.", "Dr."), police and
# army ranks ("AKBP", "Letkol Inf"), academic degrees after it (", S.Sos., M.Si.").
HONORIFIC = r"\b(?:H|Hj|Dr|Drs|Dra|Ir|Prof|KH|Hajj?i)\.\s*(?=[A-Z])"
RANK = (
    r"\b(?:AKBP|AKP|Kompol|Kombes(?:\s+Pol)?|Iptu|Ipda|Aiptu|Aipda|Bripka|Brigpol|Brigadir|"
    r"Letkol|Kolonel|Mayor|Kapten|Lettu|Letda|Peltu|Pelda|Serma|Serka|Sertu)"
    r"(?:\s+(?:Inf|Kav|Arh|Czi|Cpl|Arm|Chb|Ckm|Pol)\.?)?\s+(?=[A-Z])"
)
# (the degree's own letters, from a list: "M. Yusuf" is a name with its initial, "M.Si" a
# degree; "S.Sos.", "S.IP", "M.Pd.I", "S.H., M.H.")
_DEGREE = (
    r"(?:Pd\.I|Sos\.I|Sy\.I|Sos|Si|Pd|H|Hum|IP|Kom|IKom|Ikom|E|T|Ag|Ak|Kes|Kep|Keb|Psi|Ked|AP|Pi|P|Pt|Tr|M|MA|"
    r"MM|Sn|Stat|Farm|Ars|Gz|HI|Th|KM|Hut|Sy|Kn|Ds|Mat|Sc|IAN|AB|ST|STP|Adm|Fil|Hub|Ling|Kesos)"
)
DEGREES = rf",?\s*\b(?:[SMD]r?\.\s?{_DEGREE}\b\.?(?:\s?[A-Z][a-z]?\.)?,?\s*)+(?=[\s,.]|$)"
# Heads of a position; what follows is the rest of the title, the agency, the name.
POSITION_HEADS = (
    "plh",
    "plt",
    "pj",
    "pjs",
    "ketua",
    "wakil",
    "anggota",
    "komisioner",
    "kordiv",
    "kadiv",
    "divisi",
    "sekretaris",
    "sekda",
    "kepala",
    "kabid",
    "kasubag",
    "kasubbag",
    "kabag",
    "kasi",
    "kasat",
    "bupati",
    "walikota",
    "wali",
    "gubernur",
    "kapolres",
    "kapolresta",
    "kapolda",
    "kapolsek",
    "dandim",
    "danrem",
    "danramil",
    "kajari",
    "kajati",
    "camat",
    "lurah",
    "asisten",
    "staf",
    "staff",
    "kadis",
    "koordinator",
    "korwil",
)
# The kind word of the agency a position belongs to, when the title names none
# ("Pjs. Bupati Bengkulu Utara": the Pemkab), tried with the report's place.
POSITION_AGENCY = {
    "bupati": ("Pemkab", "Bupati", "Pemerintah Kabupaten"),
    "walikota": ("Pemkot", "Pemerintah Kota"),
    "wali": ("Pemkot", "Pemerintah Kota"),
    "sekda": ("Pemkab", "Pemerintah Kabupaten", "Pemkot"),
    "sekretaris daerah": ("Pemkab", "Pemerintah Kabupaten", "Pemkot"),
    "asisten": ("Pemkab", "Pemerintah Kabupaten", "Pemkot"),
    "gubernur": ("Pemprov", "Pemerintah Provinsi"),
    "kapolda": ("Polda",),
    "kapolres": ("Polres", "Kapolres"),
    "kapolresta": ("Polresta",),
    "kapolsek": ("Polsek", "Kapolsek"),
    "danrem": ("Korem",),
    "dandim": ("Kodim", "Dandim"),
    "danramil": ("Koramil", "Danramil"),
    "kajari": ("Kejari", "Kejaksaan"),
    "camat": ("Camat",),
}
# Words of places ("Luwu Timur", "Maluku Tengah") that are also title words.
COMPASS = frozenset("utara selatan timur barat tengah tenggara laut daya raya".split())
# Titles that stand for their agency in a list of who came ("Hadir Kapolres Sijunjung,
# ..."): the agency is the first kind of POSITION_AGENCY with the place written after.
AGENCY_TITLES = ("kapolres", "kapolresta", "kapolsek", "dandim", "danramil", "kajari")
# Titles of an agency's head that name it with its place ("Kapolres Sumenep", "Wakil Wali
# Kota Tegal"): the agency is POSITION_AGENCY's, a government's full name where it has one.
HEAD_TITLES = (*AGENCY_TITLES, "kapolda", "danrem", "gubernur", "bupati", "wali kota", "walikota")
# Words of titles and units that are never a person's name ("Kasubag Teknik Asjaya":
# the name is Asjaya), beside the words of the agencies' names in the database.
TITLE_WORDS = frozenset(
    """plh plt pj pjs ketua wakil anggota komisioner kordiv kadiv divisi sekretaris sekda
    sekretariat kepala kabid kasubag kasubbag kabag kasi kasat bupati walikota wali kota
    gubernur kapolres kapolresta kapolda kapolsek dandim danrem danramil kajari kajati camat
    lurah asisten staf staff kadis koordinator korwil badan bidang bagian subbagian seksi
    teknis teknik penyelenggaraan perencanaan data informasi hukum politik pengawasan
    sosialisasi pendidikan pemilih partisipasi masyarakat sdm keuangan umum logistik rendatin
    datin sosdiklih parmas tata usaha program daerah provinsi kabupaten kecamatan desa
    kelurahan kpu kip bawaslu kesbangpol dprd pemkab pemkot pemprov polres polsek kodim
    koramil kejari kejaksaan pidum intel dinas disdukcapil satpol pp ppk pps kpps pantarlih
    forkopimda ri pemilu pemilihan dan serta utara selatan timur barat tengah tenggara
    laut daya raya sumber manusia rumah tangga humas hubungan antar lembaga penanganan
    pelanggaran penyelesaian sengketa pencegahan organisasi""".split()
)
# Words of a division's or unit's name, which KPU and Bawaslu write with commas ("Divisi
# Sosialisasi, Pendidikan Pemilih, Partisipasi Masyarakat dan SDM", "Kordiv Hukum, Humas,
# Data dan Informasi"): after a comma, a position goes on when the next word is one of them.
UNIT_WORDS = frozenset(
    """sosialisasi pendidikan pemilih partisipasi masyarakat sdm sumber daya manusia data
    informasi umum rumah tangga logistik keuangan hukum pengawasan humas hubungan antar
    lembaga penanganan pelanggaran penyelesaian sengketa pencegahan perencanaan teknis
    penyelenggaraan organisasi""".split()
)
# Words that keep their capital mid-sentence in a news item: positions and the kind words
# of agencies' names ("Ketua PPS", "Bawaslu"), elections' names ("Pemilu 2024"). Other
# title words are common nouns there: "melaporkan pemilih baru", not "Pemilih baru".
KEEP_CAPITAL = frozenset(POSITION_HEADS) | frozenset(
    """kpu kip bawaslu kesbangpol dprd dpr dpd pemkab pemkot pemprov polres polresta polda
    polsek polri tni kodim korem kodam koramil kejari kejati kejaksaan disdukcapil
    diskominfo kemenag satpol badan dinas ppk pps kpps pantarlih panwascam forkopimda
    pemilu pilkada pilpres pileg ri""".split()
)
# Words that are capitalised but never start a name (sentence openers, honorifics).
NOT_NAME = frozenset(
    """dalam selain turut hadir kemudian sementara oleh dengan pada menurut ia beliau
    kami kita saat hal acara kegiatan rapat pertemuan bapak ibu sdr saudara para seluruh
    juga lanjut sebagai sedangkan adapun namun bertindak hadir tampil""".split()
)
# "NAME selaku POSITION", "NAME sebagai POSITION".
SELAKU = ("selaku", "sebagai")

# Who did what: cue, then the person.
ROLE_CUES = {
    "opened_by": ("dibuka oleh", "dibuka secara resmi oleh", "dibuka langsung oleh"),
    "chair": (
        "dipimpin oleh",
        "dipimpin langsung oleh",
        "dipandu oleh",
        "pimpinan rapat",
        "dipimpin langsung",
        "dipimpin",
    ),
    "speakers": ("narasumber", "pemateri", "menghadirkan"),
    "notulis": ("notulis", "notulen oleh"),
}
# Reported speech: a person's words, and a directive when they ask something of others.
SPEECH_VERBS = (
    "mengatakan",
    "menyampaikan",
    "menjelaskan",
    "menyebut",
    "menyebutkan",
    "mengungkapkan",
    "menuturkan",
    "menambahkan",
    "merinci",
    "melaporkan",
    "memaparkan",
    "menerangkan",
    "menyatakan",
    "mengemukakan",
    "menginformasikan",
    "menguraikan",
)
DIRECTIVE_VERBS = (
    "meminta agar",
    "meminta",
    "menginstruksikan",
    "mengimbau",
    "mengingatkan",
    "menekankan",
    "menegaskan",
    "berharap",
    "mengharapkan",
    "mengajak",
    "mengarahkan",
    "menghimbau",
    "mendorong",
)
DECISION_CUES = (
    "rapat menyepakati bahwa",
    "menyepakati bahwa",
    "disepakati bahwa",
    "rapat memutuskan bahwa",
    "memutuskan bahwa",
    "diputuskan bahwa",
    "kesepakatan bahwa",
    "menyepakati",
    "disepakati",
    "memutuskan",
    "diputuskan",
    "ditetapkan",
    "menetapkan",
)
# A quotation and who said it: “...,” kata Darmawangsyah / ujar Bupati / ungkapnya.
QUOTED_SPEECH = (
    r"[“\"](?P<q>[^”\"]{12,500}?)[,.!?]?\s*[”\"]\s*,?\s*"
    r"(?P<v>kata|ujar|ungkap|tutur|jelas|tegas|pinta|sebut|imbuh|tambah)(?P<nya>nya)?\b"
    r"(?:\s+(?P<who>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}))?"
)
QUOTED_DIRECTIVE = ("tegas", "pinta")  # "tegasnya", "pinta Bupati": asked of others
ACTION_CUES = ("sebagai tindak lanjut", "tindak lanjut", "ditindaklanjuti")
DUE_CUES = r"(?:paling lambat|selambat-lambatnya|batas waktu|sebelum tanggal|hingga)"
# "... menyerahkan piagam penghargaan kepada Polres Sijunjung": what, then to whom.
AWARD = (
    r"\b(?:menyerahkan|memberikan|memberi|menganugerahkan)\s+(?P<t>(?:piagam\s+)?"
    r"(?:penghargaan|piagam|apresiasi|trofi|sertifikat)\b.*?)\s+kepada\s+(?P<to>.+)$"
)
# A figure: what it counts, a verb, the number ("telah mencapai 80%").
# ("baru" is not among the adverbs: "pemilih baru mencapai 1.204" counts new voters)
FIGURE_VERBS = r"(?:telah |sudah )?(?:mencapai|sebesar|sebanyak|berjumlah|sejumlah|tercatat)"
# A bare kind word ("Bawaslu", "para Camat") names this report's agency of that kind
# only in a sentence that says who took part.
ATTENDANCE_CUES = (
    "hadir",
    "dihadiri",
    "bersama",
    "diikuti",
    "menghadirkan",
    "melibatkan",
    "libatkan",
    "didampingi",
    "menerima",
    "mengundang",
    "peserta",
)
# What a figure counts, after its number ("231.406 orang").
FIGURE_UNITS = r"(?:%|persen|orang|pemilih|TPS|kecamatan|desa|kelurahan|petugas|unit|lembar|kotak)"
# Collective attendees: "PPK se-Kabupaten Sijunjung", "18 partai politik".
GROUP_KINDS = {
    "ppk": "ppk",
    "pps": "pps",
    "kpps": "kpps",
    "pantarlih": "pantarlih",
    "camat": "camat",
    "kapolsek": "polri",
    "danramil": "tni",
    "lurah": "desa",
    "kepala desa": "desa",
    "partai politik": "party",
    "parpol": "party",
    "panwascam": "bawaslu",
}
# Stages named in reports, as kpukoord's timetables call them (name, words).
STAGE_WORDS = (
    # the continuous voter list's quarterly pleno (PDPB, between elections)
    ("pleno-dpb", ("daftar pemilih berkelanjutan", "dpb", "pdpb")),
    ("coklit", ("coklit", "pencocokan dan penelitian")),
    ("pemutakhiran data pemilih", ("pemutakhiran data pemilih", "pemuktahiran data pemilih")),
    ("kampanye", ("tahapan kampanye", "masa kampanye")),
    ("pemungutan suara", ("pemungutan suara",)),
    ("pencalonan", ("pendaftaran calon", "pencalonan")),
    ("rekapitulasi", ("pleno rekapitulasi", "rekapitulasi")),
)
# After a stage's words, words that make it the continuous programme, not the election's
# stage: "pemutakhiran data pemilih berkelanjutan", "rekapitulasi daftar pemilih (DPB)".
NOT_THE_ELECTIONS = r"(?!\s+(?:berkelanjutan|daftar\s+pemilih|dpb|data\s+pemilih\s+berkelanjutan))"
REGULATION = (
    r"\b(?:Peraturan KPU\s*\(PKPU\)|PKPU|Peraturan Komisi Pemilihan Umum|Peraturan Bawaslu|"
    r"Perbawaslu|UU|Undang-Undang|Perpu|PP)\s*(?:Nomor|No\.?)?\s*(\d{1,4})\s*(?:Tahun|/)\s*"
    r"(\d{4})"
)
# Lines of a web page that are not the report: related links, credits, comment forms.
BOILERPLATE = (
    "baca juga",
    "editor",
    "pewarta",
    "penulis",
    "reporter",
    "foto:",
    "foto :",
    "sumber:",
    "tinggalkan balasan",
    "alamat email",
    "related articles",
    "latest articles",
    "artikel terkait",
    "berita terkait",
    "bagikan",
    "share",
    "tags",
    "tag:",
    "copyright",
    "hak cipta",
)
# Common words of Indonesian prose: a report with too few of them is another language
# or not prose at all.
INDONESIAN = frozenset(
    """yang dan di dengan untuk dalam pada ini itu tersebut akan dari ke oleh bahwa
    kegiatan rapat serta juga telah sudah agar para dapat bisa harus kami kita tahun
    pemilu pemilihan koordinasi""".split()
)
