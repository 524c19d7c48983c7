<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fil" sourcelanguage="en">
<context>
    <name>AccessibilitySheet</name>
    <message>
        <location filename="../overlays.py" line="+350"/>
        <source>Accessibility</source>
        <translation>Madaling basahin</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>High contrast</source>
        <translation>Mataas na contrast</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Large text</source>
        <translation>Malaking teksto</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Spoken prompts</source>
        <translation>Binibigkas na gabay</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>You can also use the keyboard: Tab moves, Enter presses.</source>
        <translation>Puwede ring gamitin ang keyboard: Tab para lumipat, Enter para pumindot.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Done</source>
        <translation>Tapos na</translation>
    </message>
</context>
<context>
    <name>AttendantScreen</name>
    <message>
        <location filename="../screens/attendant.py" line="+224"/>
        <source>Nothing to do.</source>
        <translation>Walang kailangang gawin.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The basket is empty.</source>
        <translation>Wala pang pinamili.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>No device reports yet.</source>
        <translation>Wala pang ulat mula sa mga device.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Open interventions</source>
        <translation>Mga kailangang asikasuhin</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Basket</source>
        <translation>Mga pinamili</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Total: {amount}</source>
        <translation>Kabuuan: {amount}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Signed in: {name}</source>
        <translation>Naka-sign in: {name}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Transaction {id}</source>
        <translation>Transaksyon {id}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel transaction</source>
        <translation>Ikansela ang bili</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Suspend transaction</source>
        <translation>I-hold ang bili</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reprint receipt</source>
        <translation>I-print muli ang resibo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close lane</source>
        <translation>Isara ang kaha</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open lane</source>
        <translation>Buksan ang kaha</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Devices</source>
        <translation>Mga device</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sign out</source>
        <translation>Mag-sign out</translation>
    </message>
</context>
<context>
    <name>AttractScreen</name>
    <message>
        <location filename="../screens/attract.py" line="+113"/>
        <source>Welcome</source>
        <translation>Maligayang pagdating</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Scan an item to start</source>
        <translation>Mag-scan ng item para magsimula</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hold the barcode under the red light.</source>
        <translation>Itapat ang barcode sa pulang ilaw.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose your language</source>
        <translation>Piliin ang iyong wika</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>I brought my own bag</source>
        <translation>May dala akong sariling bag</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Item without a barcode</source>
        <translation>Item na walang barcode</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accessibility</source>
        <translation>Madaling basahin</translation>
    </message>
</context>
<context>
    <name>BaggingScreen</name>
    <message>
        <location filename="../screens/bagging.py" line="+63"/>
        <source>Place the item in the bagging area</source>
        <translation>Ilagay ang item sa bagging area</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Then scan your next item.</source>
        <translation>Pagkatapos, i-scan ang susunod na item.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Skip bagging</source>
        <translation>Huwag nang i-bag</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Total so far: {amount}</source>
        <translation>Kabuuan sa ngayon: {amount}</translation>
    </message>
</context>
<context>
    <name>Categories</name>
    <message>
        <location filename="../texts.py" line="+127"/>
        <source>Fruit &amp; vegetables</source>
        <translation>Prutas at gulay</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bakery</source>
        <translation>Tinapay</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Flowers</source>
        <translation>Bulaklak</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Meat</source>
        <translation>Karne</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fish</source>
        <translation>Isda</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dairy</source>
        <translation>Gatas at keso</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Snacks</source>
        <translation>Meryenda</translation>
    </message>
</context>
<context>
    <name>DeclinedBox</name>
    <message>
        <location filename="../screens/payment.py" line="+48"/>
        <source>The payment was declined</source>
        <translation>Tinanggihan ang bayad</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The payment was cancelled</source>
        <translation>Nakansela ang bayad</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Please try again or use another card.</source>
        <translation>Subukang muli o gumamit ng ibang card.</translation>
    </message>
</context>
<context>
    <name>Devices</name>
    <message>
        <location filename="../texts.py" line="-21"/>
        <source>scanner</source>
        <translation>tagabasa ng barcode</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>bagging scale</source>
        <translation>timbangan ng bagging area</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>scale at the scanner</source>
        <translation>timbangan sa may scanner</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>receipt printer</source>
        <translation>printer ng resibo</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>card terminal</source>
        <translation>makina ng card</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>working</source>
        <translation>gumagana</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not connected</source>
        <translation>hindi nakakonekta</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>fault</source>
        <translation>sira</translation>
    </message>
</context>
<context>
    <name>InterventionRow</name>
    <message>
        <location filename="../screens/attendant.py" line="-219"/>
        <source>Approve</source>
        <translation>Aprubahan</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reject</source>
        <translation>Tanggihan</translation>
    </message>
</context>
<context>
    <name>Interventions</name>
    <message>
        <location filename="../texts.py" line="+17"/>
        <source>Age check ({age}+): {item}</source>
        <translation>Pagsuri ng edad ({age}+): {item}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weight does not match: {item}</source>
        <translation>Hindi tugma ang timbang: {item}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unexpected item in the bagging area</source>
        <translation>May hindi inaasahang item sa bagging area</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Item removed from the bagging area</source>
        <translation>May item na inalis sa bagging area</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove from the basket: {item}</source>
        <translation>Alisin sa mga pinamili: {item}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The customer asked for help</source>
        <translation>Humihingi ng tulong ang mamimili</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Device fault: {device}</source>
        <translation>Sira ang device: {device}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Payment problem</source>
        <translation>Problema sa bayad</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Born on or before {date}</source>
        <translation>Ipinanganak noong o bago ang {date}</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <location filename="../controls.py" line="+395"/>
        <source>Add</source>
        <translation>Idagdag</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the last digit</source>
        <translation>Burahin ang huling numero</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PLU code</source>
        <translation>Code ng PLU</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <location filename="../window.py" line="+186"/>
        <source>Self-checkout – {lane}</source>
        <translation>Sariling pag-checkout – {lane}</translation>
    </message>
</context>
<context>
    <name>LanguageSheet</name>
    <message>
        <location filename="../overlays.py" line="-59"/>
        <source>Choose your language</source>
        <translation>Piliin ang iyong wika</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close</source>
        <translation>Isara</translation>
    </message>
</context>
<context>
    <name>LetterPad</name>
    <message>
        <location filename="../screens/lookup.py" line="+231"/>
        <source>Space</source>
        <translation>Espasyo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hide keyboard</source>
        <translation>Itago ang keyboard</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the last letter</source>
        <translation>Burahin ang huling titik</translation>
    </message>
</context>
<context>
    <name>LineRow</name>
    <message>
        <location filename="../screens/scanning.py" line="+66"/>
        <source>Removal requested</source>
        <translation>Hiniling nang alisin</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove</source>
        <translation>Alisin</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove {item}</source>
        <translation>Alisin ang {item}</translation>
    </message>
</context>
<context>
    <name>LookupScreen</name>
    <message>
        <location filename="../screens/lookup.py" line="+247"/>
        <source>Look up an item</source>
        <translation>Hanapin ang item</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+10"/>
        <source>Search by name</source>
        <translation>Maghanap ng item</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>Back to my items</source>
        <translation>Bumalik sa mga pinamili</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Back</source>
        <translation>Bumalik</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>All</source>
        <translation>Lahat</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No items found. Try another word or the code.</source>
        <translation>Walang nahanap. Subukan ang ibang salita o ang code.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter the code</source>
        <translation>Ilagay ang code</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The number on the sticker (PLU)</source>
        <translation>Ang numero sa sticker (PLU)</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>On the scale:</source>
        <translation>Nasa timbangan:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The scale is not working: ask for help with loose items.</source>
        <translation>Hindi gumagana ang timbangan: humingi ng tulong para sa mga paninda na tinitimbang.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Weighing: keep it still.</source>
        <translation>Tinitimbang: huwag munang galawin.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Put loose items on the scale at the scanner, then choose them.</source>
        <translation>Ilagay ang mga paninda na tinitimbang sa timbangan sa scanner, saka piliin ang mga ito.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Put loose items in the bagging area, then choose them.</source>
        <translation>Ilagay ang mga paninda na tinitimbang sa bagging area, saka piliin ang mga ito.</translation>
    </message>
</context>
<context>
    <name>MessageScreen</name>
    <message>
        <location filename="../screens/message.py" line="+98"/>
        <source>An attendant has been called and is on the way.</source>
        <translation>May tinawag nang kawani at papunta na siya.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>I no longer need help</source>
        <translation>Hindi ko na kailangan ng tulong</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Continue scanning</source>
        <translation>Magpatuloy sa pag-scan</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Age check needed</source>
        <translation>Kailangang suriin ang edad</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{item} may only be sold to people aged {age} or over.</source>
        <translation>Ang {item} ay maibebenta lamang sa edad {age} pataas.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Please have your ID ready. You can keep scanning meanwhile.</source>
        <translation>Pakihanda ang iyong ID. Puwede kang magpatuloy sa pag-scan habang naghihintay.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The weight of {item} is not what we expected.</source>
        <translation>Hindi tugma sa inaasahan ang timbang ng {item}.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The weight in the bagging area is not what we expected.</source>
        <translation>Hindi tugma sa inaasahan ang timbang sa bagging area.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Please check the bagging area</source>
        <translation>Pakitingnan ang bagging area</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Make sure only this item was added, then leave the bag still.</source>
        <translation>Siguraduhing ito lang ang idinagdag, at huwag munang galawin ang bag.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Unexpected item in the bagging area</source>
        <translation>May hindi inaasahang item sa bagging area</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Something was placed in the bagging area without a scan.</source>
        <translation>May inilagay sa bagging area nang hindi na-scan.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Please take it out. Scan it first if you want to buy it.</source>
        <translation>Pakialis ito. Kung bibilhin mo, i-scan muna.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>An item was taken from the bagging area</source>
        <translation>May kinuhang item sa bagging area</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The bagging area is lighter than it should be.</source>
        <translation>Mas magaan ang bagging area kaysa dapat.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Please put the item back in the bagging area.</source>
        <translation>Pakibalik ang item sa bagging area.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Nothing has happened here for a while, so we asked someone to check.</source>
        <translation>Matagal nang walang nangyayari rito, kaya may pinapunta kaming titingin.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>You asked for help.</source>
        <translation>Humingi ka ng tulong.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Help is on the way</source>
        <translation>Papunta na ang tulong</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Please stay at the checkout.</source>
        <translation>Pakihintay dito sa checkout.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The {device} is not working.</source>
        <translation>Hindi gumagana ang {device}.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A device of this checkout is not working.</source>
        <translation>May device sa checkout na ito na hindi gumagana.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sorry, this checkout has a problem</source>
        <translation>Paumanhin, may problema ang checkout na ito</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Please wait. Scanning is paused until it is fixed.</source>
        <translation>Pakihintay. Nakahinto muna ang pag-scan hanggang maayos ito.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Please wait, we are checking with the bank</source>
        <translation>Sandali lang, tinitingnan namin sa bangko</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>We do not know yet whether your payment went through.</source>
        <translation>Hindi pa namin alam kung natuloy ang iyong bayad.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Please do not pay again. This can take a minute.</source>
        <translation>Huwag munang magbayad ulit. Maaaring tumagal ito nang isang minuto.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This checkout is out of order</source>
        <translation>Sira ang checkout na ito</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sorry for the inconvenience.</source>
        <translation>Paumanhin sa abala.</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+2"/>
        <source>Please use another checkout.</source>
        <translation>Pakigamit ang ibang checkout.</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>This checkout is closed</source>
        <translation>Sarado ang checkout na ito</translation>
    </message>
</context>
<context>
    <name>Notices</name>
    <message>
        <location filename="../texts.py" line="-122"/>
        <source>That barcode did not scan correctly. Please scan it again.</source>
        <translation>Hindi nabasa nang tama ang barcode. Paki-scan ulit.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>We could not read that barcode. Please scan it again or look the item up.</source>
        <translation>Hindi mabasa ang barcode. Paki-scan ulit o hanapin ang item.</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+28"/>
        <source>We could not find this item. Please put it aside; an attendant can help.</source>
        <translation>Hindi namin mahanap ang item na ito. Pakitabi muna; tutulong ang isang kawani.</translation>
    </message>
    <message>
        <location line="-26"/>
        <source>There is no item with this code. Please check the number on the sticker.</source>
        <translation>Walang item na may ganitong code. Pakitingnan ang numero sa sticker.</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+2"/>
        <source>Please place this item on the scale first, then choose it again.</source>
        <translation>Ilagay muna ang item sa timbangan, saka piliin ulit.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Please put this item on the scale at the scanner and keep it still, then try again.</source>
        <translation>Pakilagay ang item sa timbangan sa may scanner at huwag galawin, saka subukang muli.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The scale at the scanner is not working: items sold by weight cannot be weighed now. Please ask for help.</source>
        <translation>Hindi gumagana ang timbangan sa may scanner: hindi muna matitimbang ang mga item na ibinebenta ayon sa timbang. Pakihingi ng tulong.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Please wait for the attendant before you scan more items.</source>
        <translation>Pakihintay ang kawani bago mag-scan ng iba pang item.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>You can pay as soon as the attendant has checked your items.</source>
        <translation>Makakabayad ka na kapag natingnan na ng kawani ang iyong mga item.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Please scan an item first.</source>
        <translation>Mag-scan muna ng item.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Please finish the card payment on the terminal first.</source>
        <translation>Pakitapos muna ang pagbabayad gamit ang card sa terminal.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A payment has already been made, so this visit cannot be cancelled here. An attendant can help.</source>
        <translation>May naibayad na kaya hindi ito maaaring kanselahin dito. Tutulong ang isang kawani.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>That is not possible right now.</source>
        <translation>Hindi iyan maaari sa ngayon.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This coupon is already in your basket.</source>
        <translation>Nasa basket mo na ang kupon na ito.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>We do not know this coupon. Please keep it aside; an attendant can help.</source>
        <translation>Hindi namin kilala ang kupon na ito. Pakitabi muna; tutulong ang isang kawani.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>That line of your basket cannot be changed. An attendant can help.</source>
        <translation>Hindi mababago ang linyang ito sa iyong basket. Tutulong ang isang kawani.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A device of this checkout is not working. An attendant has been told.</source>
        <translation>May device ng checkout na ito na hindi gumagana. Nasabihan na ang kawani.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The card terminal is still checking an earlier payment. Please wait a moment and try again.</source>
        <translation>Sinusuri pa ng makina ng card ang naunang bayad. Maghintay sandali at subukang muli.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The card terminal could not take the payment. Please try again or ask for help.</source>
        <translation>Hindi natanggap ng card terminal ang bayad. Pakisubukang muli o humingi ng tulong.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The printer is running out of paper. An attendant has been told.</source>
        <translation>Paubos na ang papel ng printer. Nasabihan na ang kawani.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The printer cannot print right now. Here is your receipt as a QR code.</source>
        <translation>Hindi makapag-print ang printer ngayon. Narito ang iyong resibo bilang QR code.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>That name and PIN do not match. Please try again.</source>
        <translation>Hindi tugma ang pangalan at PIN. Pakisubukang muli.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Too many wrong PINs: this name is locked for a few minutes.</source>
        <translation>Masyadong maraming maling PIN: naka-lock ang pangalang ito nang ilang minuto.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This staff badge is not known here.</source>
        <translation>Hindi kilala rito ang staff badge na ito.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Staff sign-in did not work. Please try again.</source>
        <translation>Hindi gumana ang pag-sign in ng kawani. Pakisubukang muli.</translation>
    </message>
</context>
<context>
    <name>PaymentPendingScreen</name>
    <message>
        <location filename="../screens/payment.py" line="+98"/>
        <source>Follow the instructions on the card terminal</source>
        <translation>Sundin ang mga tagubilin sa makina ng card</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Insert or tap your card</source>
        <translation>Ipasok o i-tap ang iyong card</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Amount: {amount}</source>
        <translation>Halaga: {amount}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel payment</source>
        <translation>Kanselahin ang bayad</translation>
    </message>
</context>
<context>
    <name>PaymentScreen</name>
    <message>
        <location line="-51"/>
        <source>Amount to pay</source>
        <translation>Halagang babayaran</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Already paid: {amount}</source>
        <translation>Nabayaran na: {amount}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>How would you like to pay?</source>
        <translation>Paano mo gustong magbayad?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Card</source>
        <translation>Gamit ang card</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Debit or credit card, phone or watch</source>
        <translation>Debit o credit card, phone o relo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Back to my items</source>
        <translation>Bumalik sa mga pinamili</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Receipt as QR code</source>
        <translation>Resibo bilang QR code</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>QR code receipt chosen</source>
        <translation>Napili ang resibong QR code</translation>
    </message>
</context>
<context>
    <name>ProductTile</name>
    <message>
        <location filename="../screens/lookup.py" line="-405"/>
        <source>{price} each</source>
        <translation>{price} bawat isa</translation>
    </message>
</context>
<context>
    <name>ReceiptScreen</name>
    <message>
        <location filename="../screens/receipt.py" line="+82"/>
        <source>Scan this code with your phone to keep your receipt.</source>
        <translation>I-scan ang code na ito gamit ang phone para maitago ang resibo.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Payment accepted</source>
        <translation>Tinanggap ang bayad</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+6"/>
        <source>Your receipt is on the screen.</source>
        <translation>Nasa screen ang iyong resibo.</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>Printing your receipt…</source>
        <translation>Ipinapa-print ang iyong resibo…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Thank you for shopping with us</source>
        <translation>Salamat sa pamimili</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Please take your receipt.</source>
        <translation>Pakikuha ang iyong resibo.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your payment is complete.</source>
        <translation>Kumpleto na ang iyong bayad.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Done</source>
        <translation>Tapos na</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Don&apos;t forget your bags.</source>
        <translation>Huwag kalimutan ang iyong mga bag.</translation>
    </message>
</context>
<context>
    <name>ScanningScreen</name>
    <message>
        <location filename="../screens/scanning.py" line="+275"/>
        <source>Your items</source>
        <translation>Ang iyong mga pinamili</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scan your first item</source>
        <translation>I-scan ang unang item</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Just scanned</source>
        <translation>Kaka-scan lang</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>You save</source>
        <translation>Natipid mo</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Items</source>
        <translation>Bilang ng item</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Total</source>
        <translation>Kabuuan</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Look up item</source>
        <translation>Hanapin ang item</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pay</source>
        <translation>Magbayad</translation>
    </message>
</context>
<context>
    <name>StaffSheet</name>
    <message>
        <location filename="../overlays.py" line="+116"/>
        <source>Staff sign-in</source>
        <translation>Pag-sign in ng staff</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose your name and enter your PIN, or scan your staff badge.</source>
        <translation>Piliin ang iyong pangalan at ilagay ang iyong PIN, o i-scan ang iyong staff badge.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>Kanselahin</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>This lane has no staff list yet: scan your staff badge, or sign in at the attendant station.</source>
        <translation>Wala pang listahan ng staff ang lane na ito: i-scan ang iyong staff badge, o mag-sign in sa attendant station.</translation>
    </message>
</context>
<context>
    <name>StillThereOverlay</name>
    <message>
        <location line="-165"/>
        <source>Are you still there?</source>
        <translation>Nandiyan ka pa ba?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Touch the button to continue. Otherwise your shopping will be cancelled soon.</source>
        <translation>Pindutin ang button para magpatuloy. Kung hindi, makakansela na ang iyong pamimili.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>I&apos;m still here</source>
        <translation>Nandito pa ako</translation>
    </message>
</context>
<context>
    <name>Terminal</name>
    <message>
        <location filename="../texts.py" line="+5"/>
        <location line="+1"/>
        <source>Insert or tap your card</source>
        <translation>Ipasok o i-tap ang iyong card</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Enter your PIN on the terminal</source>
        <translation>Ilagay ang iyong PIN sa terminal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wrong PIN. Please enter it again</source>
        <translation>Maling PIN. Pakilagay ulit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Please take your card</source>
        <translation>Pakikuha ang iyong card</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The card could not be read</source>
        <translation>Hindi mabasa ang card</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Please wait</source>
        <translation>Pakihintay</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Waiting for your bank</source>
        <translation>Hinihintay ang iyong bangko</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Payment approved</source>
        <translation>Aprubado ang bayad</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The payment was declined</source>
        <translation>Tinanggihan ang bayad</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your bank declined the payment</source>
        <translation>Tinanggihan ng iyong bangko ang bayad</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not enough funds on the card</source>
        <translation>Kulang ang pondo sa card</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The card has expired</source>
        <translation>Paso na ang card</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The card is blocked</source>
        <translation>Naka-block ang card</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This card is not accepted here</source>
        <translation>Hindi tinatanggap dito ang card na ito</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The payment was cancelled</source>
        <translation>Nakansela ang bayad</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Card payment is not available at this checkout</source>
        <translation>Hindi puwede ang card sa checkout na ito</translation>
    </message>
</context>
<context>
    <name>TopBar</name>
    <message>
        <location filename="../overlays.py" line="-99"/>
        <source>Attendant mode</source>
        <translation>Mode ng kawani</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Language: {name}</source>
        <translation>Wika: {name}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Accessibility</source>
        <translation>Madaling basahin</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Help</source>
        <translation>Tulong</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Staff</source>
        <translation>Staff</translation>
    </message>
</context>
<context>
    <name>VoidRow</name>
    <message>
        <location filename="../screens/attendant.py" line="+20"/>
        <source>Void</source>
        <translation>I-void</translation>
    </message>
</context>
</TS>
