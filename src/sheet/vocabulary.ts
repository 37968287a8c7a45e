import type { IndicatorId } from "../core/types";
import type { Quantity } from "./units";

/**
 * The fields a sheet column can carry (vocabulary.md, "Columns").
 * Per-level columns carry a level; degree and subject columns carry a part.
 */
export type FieldId =
  | "name"
  | "code"
  | "kind"
  | "countsAsSchool"
  | "sponsor"
  | "affiliation"
  | "urbanRural"
  | "stage"
  | "students"
  | "classes"
  | "degreeTeachers"
  | "degreeBy"
  | "fullTimeTeachers"
  | "certifiedTeachers"
  | "backbone"
  | "peArtTeachers"
  | "subjectTeachers"
  | "teachingArea"
  | "indoorSports"
  | "sportsArea"
  | "outdoorSports"
  | "equipment"
  | "multimedia"
  | "musicRooms"
  | "musicRoomArea"
  | "artRooms"
  | "artRoomArea"
  | "largestClass"
  | "over45Classes"
  | "over50Classes"
  | "oversizeClasses"
  | "publicFunds"
  | "groupPart"
  | "value";

/** Degrees of 专任教师 columns by 学历: 博士 and 硕士 are parts of 研究生. */
export type DegreePart = "doctor" | "master" | "postgrad" | "bachelor" | "associate" | "secondary" | "below";
/** Subjects of 专任教师 columns by 学科: 艺术 (its total) is 音乐 + 美术 + 综合艺术 (`arts`). */
export type SubjectPart = "pe" | "music" | "art" | "arts" | "artsTotal";
/** The qualifier of a degree, subject or computed-value column. */
export type FieldPart = DegreePart | SubjectPart | IndicatorId;

/** One vocabulary rule: a header meaning. */
export interface VocabularyRule {
  readonly field: FieldId;
  /** Tested on the header's last part, or on the whole path when the last part is a total or level word. */
  readonly term: RegExp;
  /** Must also appear somewhere in the path. */
  readonly context?: RegExp;
  /** Must not appear anywhere in the path. */
  readonly not?: RegExp;
  readonly part?: FieldPart;
  /** The unit when the header states none. */
  readonly unit: string;
  /** A text field (name, kind, …) rather than a number. */
  readonly text?: boolean;
}

/** Field names in Chinese, for the mapping list and messages. */
export const FIELD_NAMES: Readonly<Record<FieldId, string>> = {
  name: "学校名称",
  code: "学校标识码",
  kind: "办学类型",
  countsAsSchool: "是否计校数",
  sponsor: "举办者（公办/民办）",
  affiliation: "隶属关系",
  urbanRural: "城乡分类",
  stage: "学段",
  students: "在校学生数",
  classes: "班级数",
  degreeTeachers: "高于规定学历教师数",
  degreeBy: "专任教师（按学历）",
  fullTimeTeachers: "专任教师数",
  certifiedTeachers: "持证教师数",
  backbone: "县级以上骨干教师数",
  peArtTeachers: "体育、艺术专任教师数",
  subjectTeachers: "专任教师（按学科）",
  teachingArea: "教学及辅助用房面积",
  indoorSports: "室内体育用房面积",
  sportsArea: "体育运动场馆面积",
  outdoorSports: "运动场地面积",
  equipment: "教学仪器设备值",
  multimedia: "网络多媒体教室数",
  musicRooms: "音乐专用教室间数",
  musicRoomArea: "音乐专用教室面积",
  artRooms: "美术专用教室间数",
  artRoomArea: "美术专用教室面积",
  largestClass: "最大班额",
  over45Classes: "超45人班级数",
  over50Classes: "超50人班级数",
  oversizeClasses: "大班额数（56人及以上）",
  publicFunds: "公用经费",
  groupPart: "合计的分项",
  value: "指标值（已计算）",
};

/** Names of the parts. */
export const PART_NAMES: Readonly<Record<FieldPart, string>> = {
  doctor: "博士研究生",
  master: "硕士研究生",
  postgrad: "研究生",
  bachelor: "本科",
  associate: "专科",
  secondary: "高中阶段",
  below: "高中以下",
  pe: "体育",
  music: "音乐",
  art: "美术",
  arts: "综合艺术",
  artsTotal: "艺术",
  degree: "每百名学生拥有高于规定学历教师数",
  backbone: "每百名学生拥有县级以上骨干教师数",
  peArt: "每百名学生拥有体育、艺术专任教师数",
  teachingArea: "生均教学及辅助用房面积",
  sportsArea: "生均体育运动场馆面积",
  equipment: "生均教学仪器设备值",
  multimedia: "每百名学生拥有网络多媒体教室数",
};

/**
 * Header last parts that stand for their group when matching a meaning: a total ("艺术 › 计"), or
 * a word for what the group's figure is measured in ("网络多媒体教室 › 间数", "教学及辅助用房 ›
 * 面积"). The unit then decides which column of the group is which field.
 */
export const STANDS_FOR_GROUP: ReadonlySet<string> = new Set([
  "计",
  "小计",
  "合计",
  "总计",
  "总",
  "共计",
  "总数",
  "面积",
  "建筑面积",
  "间",
  "间数",
  "人",
  "人数",
  "合",
  "总额",
  "金额",
  "值",
  "资产值",
  "数量",
]);

/** What a field's figures count: a column whose unit or leaf says otherwise is not that field. */
export const FIELD_QUANTITY: Readonly<Partial<Record<FieldId, Quantity>>> = {
  students: "people",
  degreeTeachers: "people",
  degreeBy: "people",
  fullTimeTeachers: "people",
  certifiedTeachers: "people",
  backbone: "people",
  peArtTeachers: "people",
  subjectTeachers: "people",
  largestClass: "people",
  teachingArea: "area",
  indoorSports: "area",
  sportsArea: "area",
  outdoorSports: "area",
  musicRoomArea: "area",
  artRoomArea: "area",
  equipment: "money",
  publicFunds: "money",
  multimedia: "rooms",
  musicRooms: "rooms",
  artRooms: "rooms",
  classes: "count",
  over45Classes: "count",
  over50Classes: "count",
  oversizeClasses: "count",
};

/** Leaf words that say what a column measures (when it states no unit). */
export const LEAF_QUANTITY: readonly [RegExp, Quantity][] = [
  [/面积$/, "area"],
  [/^间$|间数$/, "rooms"],
  [/人数$|^人$/, "people"],
  [/金额$|资产值$|^值$|总值$/, "money"],
];

/** Header last parts that name a level: "在校学生数 › 小学". */
export const LEVEL_WORDS: ReadonlyMap<string, "primary" | "junior" | "senior"> = new Map([
  ["小学", "primary"],
  ["小学部", "primary"],
  ["小学段", "primary"],
  ["小学阶段", "primary"],
  ["初中", "junior"],
  ["初中部", "junior"],
  ["初中段", "junior"],
  ["初中阶段", "junior"],
  ["高中", "senior"],
  ["高中部", "senior"],
  ["高中段", "senior"],
]);

const TEACHERS = /专任教师|学历|学科|任课|教师/;

/**
 * The vocabulary, in priority order: the first rule a header matches gives its field. Computed
 * values (生均…, 每百名…) come first since they contain the words of the amounts.
 */
export const VOCABULARY: readonly VocabularyRule[] = [
  { field: "value", part: "degree", term: /每百名.*高于规定学历|每百名.*高学历/, unit: "人" },
  { field: "value", part: "backbone", term: /每百名.*骨干/, unit: "人" },
  { field: "value", part: "peArt", term: /每百名.*(体育.*艺术|体艺|音体美)/, unit: "人" },
  { field: "value", part: "multimedia", term: /每百名.*多媒体/, unit: "间" },
  { field: "value", part: "teachingArea", term: /生均.*(教学及辅助用房|教辅用房|教学辅助用房)/, unit: "㎡" },
  { field: "value", part: "sportsArea", term: /生均.*(体育运动场|体育场馆|运动场)/, unit: "㎡" },
  { field: "value", part: "equipment", term: /生均.*仪器设备/, unit: "元" },

  { field: "name", term: /^(学校|单位|学校机构|机构|学校单位)?名称$|^校名$|^学校$|^学校全称$/, unit: "", text: true },
  { field: "code", term: /标识码|学校代码|机构代码|^代码$|^编码$/, unit: "", text: true },
  { field: "kind", term: /办学类型|学校类型|学校类别|办学类别|^类型$|^类别$|^学校性质类别$/, unit: "", text: true },
  { field: "countsAsSchool", term: /计校数|是否计校/, unit: "", text: true },
  { field: "sponsor", term: /举办者|^办别$|公办民办|公办\/民办|办学性质|公民办/, unit: "", text: true },
  { field: "affiliation", term: /隶属关系|主管部门|^隶属$|是否直属/, unit: "", text: true },
  { field: "urbanRural", term: /城乡/, unit: "", text: true },
  { field: "stage", term: /^(学段|学部|段别|办学学段|所属学段)$/, unit: "", text: true },

  { field: "musicRoomArea", term: /音乐.*教室.*面积|音乐教室面积/, unit: "㎡" },
  { field: "musicRooms", term: /音乐.*(专用)?教室/, unit: "间" },
  { field: "artRoomArea", term: /美术.*教室.*面积|美术教室面积/, unit: "㎡" },
  { field: "artRooms", term: /美术.*(专用)?教室/, unit: "间" },

  { field: "largestClass", term: /最大班额/, unit: "人" },
  { field: "over45Classes", term: /(超过?|大于|多于)45人|46人(及|以)上|45人以上/, unit: "个" },
  { field: "over50Classes", term: /(超过?|大于|多于)50人|51人(及|以)上|50人以上/, unit: "个" },
  { field: "oversizeClasses", term: /大班额|超\d+人班|超标准班额|超规模班/, unit: "个" },
  { field: "classes", term: /班级$|教学班$|^班$|班级总|^班级数|教学班数/, unit: "个" },

  { field: "students", term: /在校生|在校学生|学生总|^学生$|学生人|^学生数/, not: /招生|毕业|寄宿|随迁|残疾|留守/, unit: "人" },

  { field: "certifiedTeachers", term: /持证|教师资格/, unit: "人" },
  { field: "degreeTeachers", term: /高于规定学历/, unit: "人" },
  { field: "backbone", term: /骨干教师|骨干/, unit: "人" },
  { field: "peArtTeachers", term: /体育.*艺术|体艺教师|音体美/, unit: "人" },

  { field: "degreeBy", part: "doctor", term: /博士/, context: TEACHERS, unit: "人" },
  { field: "degreeBy", part: "master", term: /硕士/, context: TEACHERS, unit: "人" },
  { field: "degreeBy", part: "postgrad", term: /研究生/, context: TEACHERS, unit: "人" },
  { field: "degreeBy", part: "bachelor", term: /本科/, context: TEACHERS, unit: "人" },
  { field: "degreeBy", part: "associate", term: /专科|大专/, context: TEACHERS, unit: "人" },
  { field: "degreeBy", part: "secondary", term: /高中阶段|高中毕业|中专|中师/, context: TEACHERS, unit: "人" },
  { field: "degreeBy", part: "below", term: /高中以下|高中阶段以下|初中.*以下/, context: TEACHERS, unit: "人" },

  { field: "subjectTeachers", part: "pe", term: /^体育/, context: TEACHERS, unit: "人" },
  { field: "subjectTeachers", part: "artsTotal", term: /^艺术(计|合计|小计)?$/, context: TEACHERS, unit: "人" },
  { field: "subjectTeachers", part: "music", term: /^音乐/, context: TEACHERS, unit: "人" },
  { field: "subjectTeachers", part: "art", term: /^美术/, context: TEACHERS, unit: "人" },
  { field: "subjectTeachers", part: "arts", term: /^综合艺术|^艺术综合/, context: TEACHERS, unit: "人" },

  { field: "fullTimeTeachers", term: /^专任教师/, unit: "人" },

  { field: "sportsArea", term: /体育运动场馆|体育运动场\S?馆|体育场馆/, unit: "㎡" },
  { field: "indoorSports", term: /室内体育|体育馆|风雨操场/, unit: "㎡" },
  { field: "outdoorSports", term: /运动场地|运动场面积|体育场地|体育场面积|^运动场$|^体育场$|室外体育|田径场/, unit: "㎡" },
  { field: "teachingArea", term: /教学及辅助用房|教辅用房|教学辅助用房/, unit: "㎡" },
  { field: "equipment", term: /仪器设备/, unit: "元" },
  { field: "multimedia", term: /多媒体教室|班班通/, unit: "间" },
  { field: "publicFunds", term: /公用经费/, not: /生均|人均|标准/, unit: "元" },
];
