/**
 * The language of an article's text, with the Chinese script told from the characters
 * themselves (pages declare `zh-CN` over Traditional text and the reverse all the time).
 */

// Frequent characters whose Simplified and Traditional forms differ, pair by pair.
const SIMPLIFIED =
  '这个们来时说国会对发经过还学动后种长现当没开关问间东样点进实从业应与体头见产书记车电话员机报网华区门为' +
  '们无让认语讯证说请读谁调谈论设计议该这边达运还远连选递逻际陆阳阶队难飞马验鸟鱼龙齿黄' +
  '亿仅价众优伤传伦伟侦侧俭债倾储儿党兰关兴养兽内册写军农冲决况冻净凉减凑几凤凯击划则刚创删别剧' +
  '办务动劳势勋区医华协单卖卢卫却厂厅历压厌县参双发变叙叶号叹吗听启员响哑团园围图圆圣场坏块坚' +
  '壮声处备复够头夹夺奋奖妇妈娱婴孙宁宝实宠审宪宫宽宾对寻导将尔尘尝层属岁岛峡币师帐带帮广庆库应' +
  '庙废开异张弹强归当录彻征径忆忧怀态总恋恶惊惯愿戏战户扑执扩扫扬护报担拟拥择挂挡挤挥损换据' +
  '掷数斋断无旧时显晋晒书会杀杂权条来极构枪样标树桥检楼欢欧残毁气汉汤沟没沪泪泽洁浅测济浓涂' +
  '涛润涨渐渔温湾湿满滚灭灯灵灾炉点炼烟烦热爱爷牵状犹独狮献环现琐电画畅疗疯皱盐监盖盘码础确碍' +
  '礼祷祸离种积称稳穷竞笔笼筑签简粮纪约级纯纲纳纸线练组细终绍经结绝给统继绩续维综绿编缘网罗罚' +
  '职联肃肠肤肿胆胜脑脚脸舆舰艰艺节药获萝营虑虽补装见观规视览觉亲触计订认讨让训议记讲许论设访' +
  '证评识诉词译试诗诚话该详语误说请诸读课谁调谈谊谋谐谓谢谨谱贝负贡财责贤败货质贩贫购贯贴贵贷' +
  '费贺资赌赏赔赖赚赛赞赠赢赵趋跃践踪车轨轩转轮软轰轻载较辅辆辈辉输辖辞边达迁过迈运这进远违连' +
  '迟适选逊递逻遗邮邻郑释钟钢钱铁铃银链销锁锋错锦键镇镜长门闭问闯闲间闷闹闻阅队阳阴阵阶际陆陈' +
  '险随隐难雾静韩页顶项顺须顾顿预领颇频题颜额风飞饭饮饰饱饿馆首马驱驶驻驾验骑骗鱼鲁鲜鸟鸡鸣鸭麦黄齐齿龙';
const TRADITIONAL =
  '這個們來時說國會對發經過還學動後種長現當沒開關問間東樣點進實從業應與體頭見產書記車電話員機報網華區門為' +
  '們無讓認語訊證說請讀誰調談論設計議該這邊達運還遠連選遞邏際陸陽階隊難飛馬驗鳥魚龍齒黃' +
  '億僅價眾優傷傳倫偉偵側儉債傾儲兒黨蘭關興養獸內冊寫軍農衝決況凍淨涼減湊幾鳳凱擊劃則剛創刪別劇' +
  '辦務動勞勢勳區醫華協單賣盧衛卻廠廳歷壓厭縣參雙發變敘葉號嘆嗎聽啟員響啞團園圍圖圓聖場壞塊堅' +
  '壯聲處備複夠頭夾奪奮獎婦媽娛嬰孫寧寶實寵審憲宮寬賓對尋導將爾塵嘗層屬歲島峽幣師帳帶幫廣慶庫應' +
  '廟廢開異張彈強歸當錄徹徵徑憶憂懷態總戀惡驚慣願戲戰戶撲執擴掃揚護報擔擬擁擇掛擋擠揮損換據' +
  '擲數齋斷無舊時顯晉曬書會殺雜權條來極構槍樣標樹橋檢樓歡歐殘毀氣漢湯溝沒滬淚澤潔淺測濟濃塗' +
  '濤潤漲漸漁溫灣濕滿滾滅燈靈災爐點煉煙煩熱愛爺牽狀猶獨獅獻環現瑣電畫暢療瘋皺鹽監蓋盤碼礎確礙' +
  '禮禱禍離種積稱穩窮競筆籠築簽簡糧紀約級純綱納紙線練組細終紹經結絕給統繼績續維綜綠編緣網羅罰' +
  '職聯肅腸膚腫膽勝腦腳臉輿艦艱藝節藥獲蘿營慮雖補裝見觀規視覽覺親觸計訂認討讓訓議記講許論設訪' +
  '證評識訴詞譯試詩誠話該詳語誤說請諸讀課誰調談誼謀諧謂謝謹譜貝負貢財責賢敗貨質販貧購貫貼貴貸' +
  '費賀資賭賞賠賴賺賽贊贈贏趙趨躍踐蹤車軌軒轉輪軟轟輕載較輔輛輩輝輸轄辭邊達遷過邁運這進遠違連' +
  '遲適選遜遞邏遺郵鄰鄭釋鐘鋼錢鐵鈴銀鏈銷鎖鋒錯錦鍵鎮鏡長門閉問闖閒間悶鬧聞閱隊陽陰陣階際陸陳' +
  '險隨隱難霧靜韓頁頂項順須顧頓預領頗頻題顏額風飛飯飲飾飽餓館首馬驅駛駐駕驗騎騙魚魯鮮鳥雞鳴鴨麥黃齊齒龍';

const simplifiedOnly = new Set<string>();
const traditionalOnly = new Set<string>();
{
  const s = [...SIMPLIFIED];
  const t = [...TRADITIONAL];
  for (let i = 0; i < Math.min(s.length, t.length); i++) {
    if (s[i] !== t[i]) {
      simplifiedOnly.add(s[i]!);
      traditionalOnly.add(t[i]!);
    }
  }
}

const HAN = /\p{Script=Han}/u;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const HANGUL = /\p{Script=Hangul}/u;
const LATIN = /\p{Script=Latin}/u;
const ENGLISH_WORDS = new Set(['the', 'and', 'of', 'to', 'in', 'is', 'that', 'for', 'it', 'with', 'was', 'on', 'as', 'are', 'this', 'by', 'be', 'at']);

/** Counts Simplified-only vs Traditional-only characters; null when neither clearly wins. */
export function detectChineseScript(text: string): 'zh-Hans' | 'zh-Hant' | null {
  let hans = 0;
  let hant = 0;
  for (const ch of text) {
    if (simplifiedOnly.has(ch)) hans++;
    else if (traditionalOnly.has(ch)) hant++;
  }
  if (hans + hant < 2) return null;
  if (hans >= hant * 2) return 'zh-Hans';
  if (hant >= hans * 2) return 'zh-Hant';
  return null;
}

/** Normalizes a declared tag (`zh_CN`, `EN-us`) to BCP 47 case, or null when it is not one. */
export function normalizeLangTag(tag: string | null | undefined): string | null {
  const t = tag?.trim().replace(/_/g, '-');
  if (!t || !/^[a-z]{2,3}(-[a-z0-9]{1,8})*$/i.test(t)) return null;
  return t
    .split('-')
    .map((part, i) => (i === 0 ? part.toLowerCase() : part.length === 4 ? part[0]!.toUpperCase() + part.slice(1).toLowerCase() : part.length === 2 ? part.toUpperCase() : part.toLowerCase()))
    .join('-');
}

/**
 * The article's BCP 47 tag: Chinese gets `zh-Hans`/`zh-Hant` from its characters; Japanese and
 * Korean from kana/hangul; other text keeps the page's declared tag, or `en` when its words say so.
 */
export function detectLanguage(text: string, declared: string | null): string | null {
  const sample = text.length > 20000 ? text.slice(0, 20000) : text;
  let han = 0;
  let kana = 0;
  let hangul = 0;
  let latin = 0;
  for (const ch of sample) {
    if (HAN.test(ch)) han++;
    else if (KANA.test(ch)) kana++;
    else if (HANGUL.test(ch)) hangul++;
    else if (LATIN.test(ch)) latin++;
  }
  const declaredTag = normalizeLangTag(declared);
  // A CJK character carries about as much as a Latin word (five or six letters).
  const cjkLeads = (n: number): boolean => n > 0 && n * 6 >= latin;
  if (cjkLeads(han + kana) && kana * 20 >= han) return 'ja';
  if (cjkLeads(hangul) && hangul > han) return 'ko';
  if (cjkLeads(han)) {
    const script = detectChineseScript(sample);
    if (script) return script;
    if (declaredTag?.startsWith('zh')) {
      if (/^zh-(Hant|TW|HK|MO)/i.test(declaredTag)) return 'zh-Hant';
      if (/^zh-(Hans|CN|SG)/i.test(declaredTag)) return 'zh-Hans';
    }
    return han >= 20 ? 'zh' : declaredTag;
  }
  if (declaredTag) return declaredTag;
  const words = sample.toLowerCase().match(/[a-z]+/g) ?? [];
  if (words.length >= 20) {
    let common = 0;
    for (const w of words) if (ENGLISH_WORDS.has(w)) common++;
    if (common / words.length > 0.12) return 'en';
  }
  return null;
}
