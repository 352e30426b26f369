import LedgerCore

/// Realistic words for generated acts: products by sector, parties, rights holders.
enum Words {
    static let sectors = ["foodDrug", "agriInputs", "childrenProducts", "appliances", "autoParts", "buildingMaterials"]

    static let products: [String: [String]] = [
        "foodDrug": ["白酒", "婴幼儿配方奶粉", "保健食品", "食用油"],
        "agriInputs": ["复合肥", "农药", "玉米种子", "兽药"],
        "childrenProducts": ["儿童玩具", "童装", "儿童安全座椅", "学生文具"],
        "appliances": ["电热水壶", "电饭煲", "插线板", "电吹风"],
        "autoParts": ["刹车片", "机油滤清器", "火花塞", "轮胎"],
        "buildingMaterials": ["电线电缆", "瓷砖", "防水涂料", "水泥"],
    ]

    static let rightsHolders: [String: [String]] = [
        "foodDrug": ["黑龙江某酒业股份有限公司", "某乳业集团有限公司"],
        "agriInputs": ["某化肥股份有限公司", "某种业科技有限公司"],
        "childrenProducts": ["某玩具实业有限公司", "某童装服饰有限公司"],
        "appliances": ["某电器股份有限公司", "某家电集团有限公司"],
        "autoParts": ["某汽车零部件有限公司", "某轮胎股份有限公司"],
        "buildingMaterials": ["某电缆集团有限公司", "某建材股份有限公司"],
    ]

    static let shops = ["五金经销部", "商贸有限公司", "超市", "农资经销店", "汽配城商户", "建材商店", "百货商店", "网店"]
    static let places = ["富拉尔基区", "红岸街道", "沿江街道", "电业街道", "幸福街道", "铁北街道", "长青乡", "杜尔门沁达斡尔族乡"]
    static let channels = ["hotline", "online", "visit", "letter", "referral"]

    static func respondent(_ rng: inout SeededRandom, serial: Int) -> JSONValue {
        let name = "\(rng.pick(places))某\(rng.pick(shops))（\(serial % 997 + 1)号）"
        return ["name": .string(name), "privateEnterprise": .bool(rng.chance(0.85))]
    }

    static func rightsHolder(_ rng: inout SeededRandom, sector: String) -> JSONValue {
        ["name": .string(rng.pick(rightsHolders[sector] ?? ["某有限公司"])), "privateEnterprise": .bool(rng.chance(0.6))]
    }

    /// A deterministic stand-in for an evidence file's SHA-256.
    static func fileHash(_ text: String) -> String { SHA256.hash(Array(text.utf8)).hex }
}
